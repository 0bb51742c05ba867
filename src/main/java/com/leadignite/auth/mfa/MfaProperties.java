package com.leadignite.auth.mfa;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Multi-factor authentication (TOTP) settings.
 *
 * @param issuer            the account issuer shown by authenticator apps ({@code otpauth://} URI)
 * @param challengeTtl      how long a challenge accepts a code
 * @param maxFactors        factors one user may hold (verified and unverified together)
 * @param attemptsPerFactor code checks one factor gets per {@code attemptsWindow}, right or wrong
 * @param attemptsWindow    the window of {@code attemptsPerFactor}
 */
@Validated
@ConfigurationProperties("leadignite.auth.mfa")
public record MfaProperties(
        @NotBlank @Size(max = 64) @DefaultValue("Lead Ignite") String issuer,
        @NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 30) @DefaultValue("5m") Duration challengeTtl,
        @Min(1) @Max(50) @DefaultValue("10") int maxFactors,
        @Min(1) @Max(100) @DefaultValue("5") int attemptsPerFactor,
        @NotNull @DurationMin(seconds = 30) @DurationMax(hours = 24) @DefaultValue("5m") Duration attemptsWindow) {
}
