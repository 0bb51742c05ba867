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
 */
@Validated
@ConfigurationProperties("leadignite.audit")
public record AuditProperties(
        @NotNull @DefaultValue("1m") Duration repeatWindow,
        @Min(100) @Max(1_000_000) @DefaultValue("10000") int repeatMaxSources,
        @Min(1) @Max(8) @DefaultValue("2") int verifyMaxConcurrent) {

    public AuditProperties {
        if (repeatWindow != null && (repeatWindow.compareTo(Duration.ofSeconds(1)) < 0
                || repeatWindow.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("leadignite.audit.repeat-window must be between 1s and 1h");
        }
    }
}
