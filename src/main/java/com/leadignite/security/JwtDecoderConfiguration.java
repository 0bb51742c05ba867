package com.leadignite.security;

import com.leadignite.config.AuthProperties;
import com.leadignite.config.AppProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies the service's own access tokens: ES256 only (so {@code none} and HS* never verify, not even
 * with the public key as an HMAC secret), a {@code kid} we issued, our issuer, audience
 * {@code authenticated}, and {@code exp}/{@code nbf}/{@code iat} within the configured skew. Tokens that
 * passed are remembered until {@code exp} ({@link CachingJwtDecoder}); the session check still runs on
 * every request.
 */
@Configuration(proxyBeanMethods = false)
public class JwtDecoderConfiguration {

    @Bean
    JwtDecoder jwtDecoder(VerificationKeys keys, AppProperties app, AuthProperties props, TokenCacheProperties cache,
                          Clock clock) {
        return new CachingJwtDecoder(verifier(keys, app.issuer(), props, clock), keys::isVerifying, clock,
                cache.maxEntries());
    }

    /** The full check. Keys come from {@link VerificationKeys} as Java key objects, converted once per key. */
    static NimbusJwtDecoder verifier(VerificationKeys keys, String issuer, AuthProperties props, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(keys))
                .build();
        decoder.setJwtValidator(validator(issuer, props, clock));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, AuthProperties props) {
        return validator(issuer, props, Clock.systemUTC());
    }

    /** The claim checks, on {@code clock} (the same clock the token cache uses). */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, AuthProperties props, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(props.clockSkew());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtTypeValidator.jwt(),
                timestamps,
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("authenticated")),
                required("exp"), required("iat"), required("sub"), required("session_id"),
                notIssuedInFuture(props, clock)));
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return jwt -> jwt.hasClaim(claim) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "missing " + claim, null));
    }

    /** {@link JwtTimestampValidator} checks exp and nbf; a token issued in the future is refused here. */
    private static OAuth2TokenValidator<Jwt> notIssuedInFuture(AuthProperties props, Clock clock) {
        return jwt -> jwt.getIssuedAt() != null
                && jwt.getIssuedAt().isAfter(clock.instant().plus(props.clockSkew()))
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "iat in the future", null))
                : OAuth2TokenValidatorResult.success();
    }
}
