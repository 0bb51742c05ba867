package com.leadignite.auth.signin;

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
        @DefaultValue("") String verifyUrl,
        @DefaultValue("") String secret,
        @NotNull @DefaultValue("5s") Duration timeout) {

    public CaptchaProperties {
        if (verifyUrl != null && !verifyUrl.isBlank()) {
            if (!verifyUrl.matches("https?://[^\\s]+")) {
                throw new IllegalArgumentException("leadignite.captcha.verify-url (CAPTCHA_VERIFY_URL) must be an http(s) URL");
            }
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("CAPTCHA_SECRET is required when CAPTCHA_VERIFY_URL is set");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0)) {
            throw new IllegalArgumentException("leadignite.captcha.timeout must be between 1ms and 30s");
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
