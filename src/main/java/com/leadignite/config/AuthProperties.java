package com.leadignite.config;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
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
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DurationMax(hours = 1) @DefaultValue("15m")
        Duration accessTokenTtl,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("7d") Duration sessionLifetime,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("24h") Duration sessionInactivity,
        @NotNull @DurationMin(nanos = 0) @DefaultValue("0s") Duration refreshReuseInterval,
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DefaultValue("5m") Duration stepUpMaxAge,
        @NotNull @DurationMin(nanos = 0) @DurationMax(minutes = 5) @DefaultValue("60s") Duration clockSkew,
        String publishableKey) {

    @Override
    public String toString() {
        return "AuthProperties[accessTokenTtl=" + accessTokenTtl + ", sessionLifetime=" + sessionLifetime
                + ", sessionInactivity=" + sessionInactivity + ", refreshReuseInterval=" + refreshReuseInterval
                + ", stepUpMaxAge=" + stepUpMaxAge + ", clockSkew=" + clockSkew + ", publishableKey="
                + Redacted.secret(publishableKey) + "]";
    }
}
