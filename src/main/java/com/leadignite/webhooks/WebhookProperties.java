package com.leadignite.webhooks;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
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
 * @param parseConcurrency      bodies parsed at once (a 1 MB body's tree can take tens of MB)
 * @param parseWait             how long a delivery waits for a parsing slot before a 503
 * @param endpointRateQuota     signed deliveries per endpoint and {@code rate-window}; more is a 429
 * @param orgRateQuota          signed deliveries per org (all its endpoints) and {@code rate-window}
 * @param rateWindow            window of both delivery limits (a token bucket refilled evenly)
 * @param excerptChars          characters of an unknown event type's body kept (the rest is not stored)
 * @param eventRetention        how long handled events are kept before the purge deletes them
 * @param purgeInterval         how often expired events are purged
 * @param orgStorageQuota       stored webhook payload bytes per org; a delivery beyond it is a 429
 * @param maxPreviousSecrets    rotated secrets that may still be in their grace period at once
 */
@Validated
@ConfigurationProperties("leadignite.webhooks")
public record WebhookProperties(
        @NotNull @DurationMin(nanos = 0, inclusive = false) @DurationMax(hours = 1) @DefaultValue("5m") Duration timestampTolerance,
        @NotNull @DurationMin(nanos = 0) @DurationMax(days = 30) @DefaultValue("24h") Duration rotationOverlap,
        @Min(1024) @Max(16 * 1024 * 1024) @DefaultValue("1048576") int maxBodyBytes,
        @NotNull @DefaultValue("10m") Duration replayRetention,
        @NotNull @DefaultValue("1m") Duration replayCleanupInterval,
        @NotNull @DefaultValue("2s") Duration workerPollInterval,
        @Min(1) @Max(100) @DefaultValue("20") int workerBatchSize,
        @Min(1) @Max(50) @DefaultValue("5") int maxAttempts,
        @Min(1) @Max(256) @DefaultValue("4") int parseConcurrency,
        @NotNull @DurationMin(nanos = 0) @DurationMax(seconds = 10) @DefaultValue("500ms") Duration parseWait,
        @Min(1) @Max(1_000_000) @DefaultValue("300") long endpointRateQuota,
        @Min(1) @Max(1_000_000) @DefaultValue("600") long orgRateQuota,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) @DefaultValue("1m") Duration rateWindow,
        @Min(0) @Max(65_536) @DefaultValue("2048") int excerptChars,
        @NotNull @DurationMin(hours = 1) @DurationMax(days = 3650) @DefaultValue("30d") Duration eventRetention,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) @DefaultValue("10m") Duration purgeInterval,
        @NotNull @DefaultValue("100MB") DataSize orgStorageQuota,
        @Min(1) @Max(20) @DefaultValue("5") int maxPreviousSecrets) {

    public WebhookProperties {
        if (orgStorageQuota != null && orgStorageQuota.toBytes() < Math.max(maxBodyBytes, 1024) * 2L) {
            throw new IllegalArgumentException("leadignite.webhooks.org-storage-quota must hold at least two bodies of max-body-bytes");
        }
        if (replayRetention != null && timestampTolerance != null && replayRetention.compareTo(timestampTolerance) < 0) {
            throw new IllegalArgumentException(
                    "leadignite.webhooks.replay-retention must be at least leadignite.webhooks.timestamp-tolerance");
        }
    }
}
