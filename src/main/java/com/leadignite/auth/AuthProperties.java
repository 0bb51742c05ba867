package com.leadignite.auth;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication settings.
 *
 * @param accessTokenTtl         lifetime of an access token
 * @param sessionLifetime        absolute lifetime of a session (its refresh-token family)
 * @param sessionInactivity      a session not refreshed for this long is dead
 * @param refreshReuseInterval   a rotated refresh token presented again within this interval returns the
 *                               current child instead of revoking the session (0 = every reuse revokes)
 * @param stepUpMaxAge           how old the newest password {@code amr} may be for sensitive actions
 * @param clockSkew              tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param publishableKey         optional org-agnostic {@code apikey}; grants nothing by itself
 */
@Validated
@ConfigurationProperties("leadignite.auth")
public record AuthProperties(
        @NotNull @DefaultValue("15m") Duration accessTokenTtl,
        @NotNull @DefaultValue("7d") Duration sessionLifetime,
        @NotNull @DefaultValue("24h") Duration sessionInactivity,
        @NotNull @DefaultValue("0s") Duration refreshReuseInterval,
        @NotNull @DefaultValue("5m") Duration stepUpMaxAge,
        @NotNull @DefaultValue("60s") Duration clockSkew,
        String publishableKey) {

    public AuthProperties {
        requirePositive("access-token-ttl", accessTokenTtl);
        requirePositive("session-lifetime", sessionLifetime);
        requirePositive("session-inactivity", sessionInactivity);
        requirePositive("step-up-max-age", stepUpMaxAge);
        if (refreshReuseInterval != null && refreshReuseInterval.isNegative()) {
            throw new IllegalArgumentException("leadignite.auth.refresh-reuse-interval must not be negative");
        }
        if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("leadignite.auth.clock-skew must be between 0 and 5 minutes");
        }
        if (accessTokenTtl != null && accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("leadignite.auth.access-token-ttl must be at most 1 hour");
        }
    }

    @Override
    public String toString() {
        return "AuthProperties[accessTokenTtl=" + accessTokenTtl + ", sessionLifetime=" + sessionLifetime
                + ", sessionInactivity=" + sessionInactivity + ", refreshReuseInterval=" + refreshReuseInterval
                + ", stepUpMaxAge=" + stepUpMaxAge + ", clockSkew=" + clockSkew + ", publishableKey="
                + Redacted.secret(publishableKey) + "]";
    }

    private static void requirePositive(String name, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException("leadignite.auth." + name + " must be positive");
        }
    }
}
