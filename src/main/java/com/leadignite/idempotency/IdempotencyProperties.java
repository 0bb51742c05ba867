package com.leadignite.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code Idempotency-Key} settings ({@code leadignite.idempotency.*}).
 *
 * @param ttl               how long a key's first response is replayed (API.md §5: 24 hours)
 * @param inProgressTimeout after this long a reservation whose request never finished (the instance died)
 *                          is treated as abandoned and may be taken over; well above the request timeout
 * @param cleanupInterval   how often expired keys are deleted
 */
@Validated
@ConfigurationProperties("leadignite.idempotency")
public record IdempotencyProperties(
        @NotNull @DefaultValue("24h") Duration ttl,
        @NotNull @DefaultValue("2m") Duration inProgressTimeout,
        @NotNull @DefaultValue("10m") Duration cleanupInterval) {

    public IdempotencyProperties {
        if (ttl != null && (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0)) {
            throw new IllegalArgumentException("leadignite.idempotency.ttl must be between 1m and 30d");
        }
        if (inProgressTimeout != null && (inProgressTimeout.compareTo(Duration.ofSeconds(30)) < 0
                || inProgressTimeout.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("leadignite.idempotency.in-progress-timeout must be between 30s and 1h");
        }
        if (ttl != null && inProgressTimeout != null && inProgressTimeout.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("leadignite.idempotency.in-progress-timeout must be shorter than leadignite.idempotency.ttl");
        }
        if (cleanupInterval != null && (cleanupInterval.compareTo(Duration.ofSeconds(10)) < 0
                || cleanupInterval.compareTo(Duration.ofDays(1)) > 0)) {
            throw new IllegalArgumentException("leadignite.idempotency.cleanup-interval must be between 10s and 1d");
        }
    }
}
