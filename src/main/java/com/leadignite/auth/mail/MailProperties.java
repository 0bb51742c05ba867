package com.leadignite.auth.mail;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing mail (API.md §9): the SMTP server, the outbox worker's pace, and whether a password sign-in
 * needs a confirmed address.
 *
 * @param smtp          {@code SMTP_*}; no host = no SMTP (mails are logged outside {@code prod})
 * @param emailConfirm  {@code AUTH_EMAIL_CONFIRM}; unset = on exactly when SMTP is configured
 * @param pollInterval  how often the worker looks for due mails
 * @param maxAttempts   a mail that failed this many times is given up (and the failure logged)
 * @param retryDelay    the first back-off; each further failure doubles it, up to {@code maxRetryDelay}
 * @param maxRetryDelay the longest back-off
 * @param tokenTtl      lifetime of a mailed link or code
 */
@Validated
@ConfigurationProperties("leadignite.mail")
public record MailProperties(
        @Valid Smtp smtp,
        Boolean emailConfirm,
        @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 10) @DefaultValue("2s") Duration pollInterval,
        @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
        @NotNull @DurationMin(millis = 10) @DefaultValue("30s") Duration retryDelay,
        @NotNull @DurationMin(millis = 10) @DefaultValue("1h") Duration maxRetryDelay,
        @NotNull @DurationMin(minutes = 1) @DurationMax(hours = 24) @DefaultValue("1h") Duration tokenTtl) {

    public MailProperties {
        // application.yml maps every SMTP_* variable, so this is only null where no yml is read (tests).
        smtp = smtp == null ? new Smtp(null, null, null, null, null, null, Duration.ofSeconds(10)) : smtp;
    }

    /** How the SMTP connection is protected. */
    public enum Tls { starttls, tls, none }

    /**
     * @param host     {@code SMTP_HOST}
     * @param port     {@code SMTP_PORT}; unset = 587 (starttls), 465 (tls) or 25 (none)
     * @param username {@code SMTP_USERNAME}
     * @param password {@code SMTP_PASSWORD}; never logged or printed
     * @param from     {@code SMTP_FROM}: the sender address (default {@code no-reply@localhost})
     * @param tls      {@code SMTP_TLS} (default {@code starttls})
     * @param timeout  connect, read and write timeout of one SMTP conversation
     */
    public record Smtp(
            String host,
            @Min(1) @Max(65535) Integer port,
            String username,
            String password,
            String from,
            Tls tls,
            @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 2) @DefaultValue("10s") Duration timeout) {

        public Smtp {
            host = host == null || host.isBlank() ? null : host.trim();
            username = username == null || username.isBlank() ? null : username;
            password = password == null || password.isEmpty() ? null : password;
            // Defaults here, not in @DefaultValue: application.yml maps SMTP_FROM and SMTP_TLS, empty when unset.
            from = from == null || from.isBlank() ? "no-reply@localhost" : from.trim();
            tls = tls == null ? Tls.starttls : tls;
            if (from.isBlank() || from.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("SMTP_FROM must be a mail address without control characters");
            }
        }

        public boolean configured() {
            return host != null;
        }

        public int effectivePort() {
            return port != null ? port : switch (tls) {
                case starttls -> 587;
                case tls -> 465;
                case none -> 25;
            };
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + effectivePort() + ", username=" + username + ", password="
                    + Redacted.secret(password) + ", from=" + from + ", tls=" + tls + ", timeout=" + timeout + "]";
        }
    }

    /** Whether a password sign-in needs a confirmed address: as set, else on exactly with SMTP. */
    public boolean confirmationRequired() {
        return emailConfirm != null ? emailConfirm : smtp.configured();
    }
}
