package com.leadignite.security.ratelimit;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request limits per route group (API.md §8). Defaults are the table of API.md §8; every number can be
 * changed under {@code leadignite.rate-limit.<group>.per-ip|per-key.quota|window}.
 *
 * @param enabled     off only for local experiments; production keeps it on
 * @param signIn      password sign-in and reauthenticate (per IP; per-account failures are brute-force protection)
 * @param signUp      sign-up and invitations (per IP)
 * @param refresh     refresh-token grant (per IP; per session through {@link SessionRefreshLimit})
 * @param leadCapture public lead capture (per IP; per form key)
 * @param webhooks    inbound webhooks (per IP)
 * @param general     everything else (per IP; per authenticated user)
 */
@Validated
@ConfigurationProperties("leadignite.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @Valid @DefaultValue Group signIn,
        @NotNull @Valid @DefaultValue Group signUp,
        @NotNull @Valid @DefaultValue Group refresh,
        @NotNull @Valid @DefaultValue Group leadCapture,
        @NotNull @Valid @DefaultValue Group webhooks,
        @NotNull @Valid @DefaultValue Group general) {

    public RateLimitProperties {
        signIn = orDefault(signIn, RouteGroup.SIGN_IN);
        signUp = orDefault(signUp, RouteGroup.SIGN_UP);
        refresh = orDefault(refresh, RouteGroup.REFRESH);
        leadCapture = orDefault(leadCapture, RouteGroup.LEAD_CAPTURE);
        webhooks = orDefault(webhooks, RouteGroup.WEBHOOKS);
        general = orDefault(general, RouteGroup.GENERAL);
    }

    /** Fills in what is not configured from the API.md §8 defaults of the group. */
    private static Group orDefault(Group g, RouteGroup group) {
        Group d = group.defaults();
        if (g == null) {
            return d;
        }
        return new Group(merge(g.perIp(), d.perIp()), merge(g.perKey(), d.perKey()));
    }

    private static Limit merge(Limit configured, Limit fallback) {
        if (configured == null || (configured.quota() == null && configured.window() == null)) {
            return fallback;
        }
        if (fallback == null) {
            return configured;
        }
        return new Limit(configured.quota() != null ? configured.quota() : fallback.quota(),
                configured.window() != null ? configured.window() : fallback.window());
    }

    public Group group(RouteGroup g) {
        return switch (g) {
            case SIGN_IN -> signIn;
            case SIGN_UP -> signUp;
            case REFRESH -> refresh;
            case LEAD_CAPTURE -> leadCapture;
            case WEBHOOKS -> webhooks;
            case GENERAL -> general;
        };
    }

    /**
     * @param perIp  limit per client address (always present)
     * @param perKey limit per user, session or form key (depends on the group); null for none
     */
    public record Group(@Valid Limit perIp, @Valid Limit perKey) {
    }

    /** {@code quota} requests per {@code window} (a token bucket refilled evenly over the window). */
    public record Limit(@Min(1) @Max(1_000_000_000) Long quota,
                        @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window) {

        public static Limit of(long quota, Duration window) {
            return new Limit(quota, window);
        }

        public long windowSeconds() {
            return window.toSeconds();
        }
    }
}
