package com.leadignite.auth.signin;

import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Brute-force protection of password checks (API.md §2, §8).
 *
 * @param window          failures of one account are counted over this window (from its first failure)
 * @param captchaAfter    from this many failures in the window a captcha is required (when configured)
 * @param lockAfter       the failure that reaches this count locks the account
 * @param lockStart       length of the first lockout; each further one doubles
 * @param lockCap         longest lockout
 * @param lockMemory      how long lockouts are remembered for the doubling
 * @param ipMaxFailures   failures from one client address (across all accounts) after which that
 *                        address's attempts are refused like a lockout
 * @param ipWindow        window of the per-address count
 */
@Validated
@ConfigurationProperties("leadignite.brute-force")
public record BruteForceProperties(
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("15m") Duration window,
        @Min(1) @Max(1000) @DefaultValue("3") int captchaAfter,
        @Min(1) @Max(1000) @DefaultValue("10") int lockAfter,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("1m") Duration lockStart,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("1h") Duration lockCap,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("24h") Duration lockMemory,
        @Min(1) @Max(100000) @DefaultValue("30") int ipMaxFailures,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("15m") Duration ipWindow) {

    public BruteForceProperties {
        if (lockStart != null && lockCap != null && lockCap.compareTo(lockStart) < 0) {
            throw new IllegalArgumentException("leadignite.brute-force.lock-cap must be at least lock-start");
        }
    }
}
