package com.leadignite.auth.signin;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import com.leadignite.config.logging.Redacted;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An hCaptcha/Turnstile {@code siteverify}-compatible verifier. Off while {@code verifyUrl} is empty.
 *
 * @param verifyUrl {@code CAPTCHA_VERIFY_URL}
 * @param secret    {@code CAPTCHA_SECRET}; required with the URL; never logged or printed
 * @param timeout   a verifier slower than this fails the captcha (never passes it)
 */
@Validated
@ConfigurationProperties("leadignite.captcha")
public record CaptchaProperties(
        String verifyUrl,
        String secret,
        @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 30) @DefaultValue("5s") Duration timeout) {

    public CaptchaProperties {
        // Checked here, not by @Pattern: a failed constraint reports the rejected value, and a URL may carry
        // credentials (user info, a key parameter) that must not reach the start-up log.
        if (verifyUrl != null && !verifyUrl.isBlank()) {
            if (!verifyUrl.matches("https?://[^\\s]+")) {
                throw new IllegalArgumentException("leadignite.captcha.verify-url (CAPTCHA_VERIFY_URL) must be an http(s) URL");
            }
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("CAPTCHA_SECRET is required when CAPTCHA_VERIFY_URL is set");
            }
        }
    }

    public boolean enabled() {
        return verifyUrl != null && !verifyUrl.isBlank();
    }

    @Override
    public String toString() {
        return "CaptchaProperties[verifyUrl=" + Redacted.url(verifyUrl) + ", secret=" + Redacted.secret(secret) + ", timeout=" + timeout + "]";
    }
}
