package com.leadignite.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit settings ({@code leadignite.audit.*}).
 *
 * @param repeatWindow     repeated rejections of outsiders (bad webhook signatures, unknown endpoints, failed
 *                         sign-ins) from one source within this window are one row plus one row with their count
 * @param repeatMaxSources how many sources are tracked at once; beyond that, new sources share one row per
 *                         org, action and reason, so memory and rows stay bounded under a spread-out flood
 * @param verifyMaxConcurrent chain verifications running at once in this instance (each holds a pooled
 *                         connection; besides, one per org at a time); more are refused with 429
 * @param verifyInterval   how often {@link AuditChainVerifier} checks the chain of every org (a broken one
 *                         raises the {@code audit_chain_break} alert); {@code 0} turns it off; 1m..7d otherwise
 */
@Validated
@ConfigurationProperties("leadignite.audit")
public record AuditProperties(
        @NotNull @DefaultValue("1m") Duration repeatWindow,
        @Min(100) @Max(1_000_000) @DefaultValue("10000") int repeatMaxSources,
        @Min(1) @Max(8) @DefaultValue("2") int verifyMaxConcurrent,
        @NotNull @DefaultValue("1h") Duration verifyInterval) {

    public AuditProperties {
        if (repeatWindow != null && (repeatWindow.compareTo(Duration.ofSeconds(1)) < 0
                || repeatWindow.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("leadignite.audit.repeat-window must be between 1s and 1h");
        }
        if (verifyInterval != null && !verifyInterval.isZero() && (verifyInterval.compareTo(Duration.ofMinutes(1)) < 0
                || verifyInterval.compareTo(Duration.ofDays(7)) > 0)) {
            throw new IllegalArgumentException("leadignite.audit.verify-interval must be 0 (off) or between 1m and 7d");
        }
    }

    /** Whether the periodic verification runs at all. */
    public boolean periodicVerification() {
        return !verifyInterval.isZero();
    }
}
