package com.leadignite.idempotency;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
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
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30) @DefaultValue("24h") Duration ttl,
        @NotNull @DurationMin(seconds = 30) @DurationMax(hours = 1) @DefaultValue("2m") Duration inProgressTimeout,
        @NotNull @DurationMin(seconds = 10) @DurationMax(days = 1) @DefaultValue("10m") Duration cleanupInterval) {

    public IdempotencyProperties {
        if (ttl != null && inProgressTimeout != null && inProgressTimeout.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("leadignite.idempotency.in-progress-timeout must be shorter than leadignite.idempotency.ttl");
        }
    }
}
