package com.leadignite.security.resources;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on work one request can cause (OWASP API4).
 *
 * @param passwordHashingPermits  password hashes (Argon2id, memory-hard) computed at once; 0 = number of CPUs
 * @param passwordHashingWait     how long a request waits for a permit before getting a fast refusal
 * @param jsonMaxNestingDepth     deepest JSON nesting accepted
 * @param jsonMaxStringLength     longest JSON string value (characters)
 * @param jsonMaxNameLength       longest JSON property name
 * @param jsonMaxNumberLength     longest JSON number literal
 * @param jsonMaxTokenCount       most JSON tokens in one document
 */
@Validated
@ConfigurationProperties("leadignite.resource-limits")
public record ResourceLimitProperties(
        @Min(0) @Max(1024) @DefaultValue("0") int passwordHashingPermits,
        @NotNull @DurationMin(nanos = 0) @DurationMax(seconds = 10) @DefaultValue("200ms") Duration passwordHashingWait,
        @Min(2) @Max(500) @DefaultValue("32") int jsonMaxNestingDepth,
        @Min(64) @Max(20_000_000) @DefaultValue("1048576") int jsonMaxStringLength,
        @Min(16) @Max(50_000) @DefaultValue("256") int jsonMaxNameLength,
        @Min(16) @Max(1000) @DefaultValue("100") int jsonMaxNumberLength,
        @Min(100) @Max(100_000_000) @DefaultValue("200000") long jsonMaxTokenCount) {

    public int effectivePasswordHashingPermits() {
        return passwordHashingPermits > 0 ? passwordHashingPermits : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
