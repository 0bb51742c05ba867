package com.leadignite.alerts;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Alert settings ({@code leadignite.alerts.*}; API.md §6). Each rule's threshold and window can be set
 * under {@code leadignite.alerts.<rule>.threshold|window}; what is not set comes from {@link AlertRule}.
 *
 * @param webhookUrl          {@code ALERT_WEBHOOK_URL}: where alerts are POSTed as Slack-compatible JSON; empty:
 *                            log only. Treated as a secret (a Slack URL is its own credential): never logged
 * @param quietPeriod         an open alert without a new signal for this long is resolved
 * @param checkInterval       how often open alerts are checked for the quiet period
 * @param queueCapacity       signals waiting for evaluation; more are dropped (counted), never waited for
 * @param webhookQueueCapacity notifications waiting to be sent; more are dropped (counted)
 * @param webhookMaxAttempts  attempts per notification (a 2xx ends them; 4xx other than 408/429 too)
 * @param webhookBackoff      wait before the second attempt, doubled before each later one
 * @param webhookTimeout      connect and response timeout of one attempt
 */
@Validated
@ConfigurationProperties("leadignite.alerts")
public record AlertProperties(
        String webhookUrl,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) @DefaultValue("15m") Duration quietPeriod,
        @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1) @DefaultValue("10s") Duration checkInterval,
        @Min(100) @Max(1_000_000) @DefaultValue("10000") int queueCapacity,
        @Min(10) @Max(100_000) @DefaultValue("1000") int webhookQueueCapacity,
        @Min(1) @Max(10) @DefaultValue("4") int webhookMaxAttempts,
        @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 5) @DefaultValue("1s") Duration webhookBackoff,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1) @DefaultValue("5s") Duration webhookTimeout,
        @Valid RuleSetting signInFailuresAccount,
        @Valid RuleSetting signInFailuresIp,
        @Valid RuleSetting authDenialsIp,
        @Valid RuleSetting accessDeniedUser,
        @Valid RuleSetting crossOrgProbes,
        @Valid RuleSetting rateLimited,
        @Valid RuleSetting webhookSignatureFailures,
        @Valid RuleSetting refreshTokenReuse,
        @Valid RuleSetting auditChainBreak,
        @Valid RuleSetting serverErrors) {

    /** A rule's threshold (signals within the window that open an alert) and sliding window. */
    public record RuleSetting(@Min(1) @Max(1_000_000) Integer threshold,
                              @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {
    }

    public AlertProperties {
        // Checked here, not by @Pattern: a failed constraint would print the rejected value, a secret URL.
        if (webhookUrl != null && !webhookUrl.isBlank()) {
            URI uri;
            try {
                uri = URI.create(webhookUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("leadignite.alerts.webhook-url (ALERT_WEBHOOK_URL) is not a URL");
            }
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("leadignite.alerts.webhook-url (ALERT_WEBHOOK_URL) must be an http(s) URL");
            }
        }
    }

    public boolean webhookEnabled() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** The configured threshold of {@code rule}, else its default. */
    public int threshold(AlertRule rule) {
        RuleSetting s = setting(rule);
        return s != null && s.threshold() != null ? s.threshold() : rule.defaultThreshold();
    }

    /** The configured window of {@code rule}, else its default. */
    public Duration window(AlertRule rule) {
        RuleSetting s = setting(rule);
        return s != null && s.window() != null ? s.window() : rule.defaultWindow();
    }

    private RuleSetting setting(AlertRule rule) {
        return switch (rule) {
            case SIGN_IN_FAILURES_ACCOUNT -> signInFailuresAccount;
            case SIGN_IN_FAILURES_IP -> signInFailuresIp;
            case AUTH_DENIALS_IP -> authDenialsIp;
            case ACCESS_DENIED_USER -> accessDeniedUser;
            case CROSS_ORG_PROBES -> crossOrgProbes;
            case RATE_LIMITED -> rateLimited;
            case WEBHOOK_SIGNATURE_FAILURES -> webhookSignatureFailures;
            case REFRESH_TOKEN_REUSE -> refreshTokenReuse;
            case AUDIT_CHAIN_BREAK -> auditChainBreak;
            case SERVER_ERRORS -> serverErrors;
        };
    }

    @Override
    public String toString() {
        return "AlertProperties[webhookUrl=" + Redacted.secret(webhookUrl) + ", quietPeriod=" + quietPeriod
                + ", checkInterval=" + checkInterval + ", queueCapacity=" + queueCapacity + "]";
    }
}
