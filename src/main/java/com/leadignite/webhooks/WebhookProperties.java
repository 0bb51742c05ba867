package com.leadignite.webhooks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Inbound webhook settings ({@code leadignite.webhooks.*}).
 *
 * @param timestampTolerance    how far a message's timestamp may be from now, either way
 * @param rotationOverlap       how long the previous secret keeps verifying after a rotation
 * @param maxBodyBytes          largest accepted body; more is a 413
 * @param replayRetention       how long message ids are remembered; at least the tolerance
 * @param replayCleanupInterval how often expired replay ids are purged from the database
 * @param workerPollInterval    how often the worker looks for due events (new ones are also handed over at once)
 * @param workerBatchSize       events handled per poll
 * @param maxAttempts           attempts before an event is marked failed
 */
@Validated
@ConfigurationProperties("leadignite.webhooks")
public record WebhookProperties(
        @NotNull @DefaultValue("5m") Duration timestampTolerance,
        @NotNull @DefaultValue("24h") Duration rotationOverlap,
        @Min(1024) @Max(16 * 1024 * 1024) @DefaultValue("1048576") int maxBodyBytes,
        @NotNull @DefaultValue("10m") Duration replayRetention,
        @NotNull @DefaultValue("1m") Duration replayCleanupInterval,
        @NotNull @DefaultValue("2s") Duration workerPollInterval,
        @Min(1) @Max(100) @DefaultValue("20") int workerBatchSize,
        @Min(1) @Max(50) @DefaultValue("5") int maxAttempts) {

    public WebhookProperties {
        if (timestampTolerance != null && (timestampTolerance.isNegative() || timestampTolerance.isZero()
                || timestampTolerance.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("leadignite.webhooks.timestamp-tolerance must be between 1s and 1h");
        }
        if (rotationOverlap != null && (rotationOverlap.isNegative() || rotationOverlap.compareTo(Duration.ofDays(30)) > 0)) {
            throw new IllegalArgumentException("leadignite.webhooks.rotation-overlap must be between 0 and 30 days");
        }
        if (replayRetention != null && timestampTolerance != null && replayRetention.compareTo(timestampTolerance) < 0) {
            throw new IllegalArgumentException(
                    "leadignite.webhooks.replay-retention must be at least leadignite.webhooks.timestamp-tolerance");
        }
    }
}
