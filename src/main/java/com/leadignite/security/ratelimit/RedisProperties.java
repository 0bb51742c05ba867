package com.leadignite.security.ratelimit;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redis for limits, lockouts and other short-lived shared counters.
 *
 * @param url            {@code redis://[user:password@]host:port[/db]} or {@code rediss://...}; empty = in process
 * @param keyPrefix      prefix of every key this service writes
 * @param commandTimeout a command slower than this counts as a Redis failure (the request falls back to
 *                       in-process counters instead of waiting)
 * @param connectTimeout TCP connect timeout
 * @param retryInterval  after a failure, how long to stay on the in-process fallback before trying Redis again
 */
@Validated
@ConfigurationProperties("leadignite.redis")
public record RedisProperties(
        String url,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9:_.-]{1,64}") @DefaultValue("li:") String keyPrefix,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) @DefaultValue("500ms") Duration commandTimeout,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) @DefaultValue("5s") Duration retryInterval) {

    public RedisProperties {
        // Checked here, not by @Pattern: a failed constraint reports the rejected value, and this URL may
        // hold a password.
        if (url != null && !url.isBlank() && !url.matches("(?i)rediss?://.+")) {
            throw new IllegalArgumentException("leadignite.redis.url (REDIS_URL) must start with redis:// or rediss://");
        }
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        return "RedisProperties[configured=" + configured() + ", keyPrefix=" + keyPrefix + "]"; // the URL may hold a password
    }
}
