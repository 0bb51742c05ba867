package com.leadignite.auth.oidc;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How social login talks to providers and how long its single-use values live.
 *
 * @param stateTtl         lifetime of an authorize request's {@code state} (and its browser cookie)
 * @param authCodeTtl      lifetime of the {@code auth_code} handed to the browser app
 * @param connectTimeout   connecting to a provider (discovery, JWKS, token endpoint)
 * @param readTimeout      a whole answer of a provider, body included
 * @param maxResponseBytes a larger provider answer is refused
 * @param discoveryTtl     how long a provider's discovery document is reused
 */
@Validated
@ConfigurationProperties("leadignite.auth.social")
public record SocialLoginProperties(
        @NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 30) @DefaultValue("10m") Duration stateTtl,
        @NotNull @DurationMin(seconds = 10) @DurationMax(minutes = 10) @DefaultValue("5m") Duration authCodeTtl,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) @DefaultValue("10s") Duration readTimeout,
        @NotNull @DefaultValue("256KB") DataSize maxResponseBytes,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration discoveryTtl) {
}
