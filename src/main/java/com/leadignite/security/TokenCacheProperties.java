package com.leadignite.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cache of verified access tokens ({@link CachingJwtDecoder}).
 *
 * @param maxEntries how many verified tokens are remembered (0 turns the cache off)
 */
@Validated
@ConfigurationProperties("leadignite.token-cache")
public record TokenCacheProperties(@Min(0) @Max(1_000_000) @DefaultValue("10000") int maxEntries) {
}
