package com.leadignite.security;

import com.leadignite.config.AuthProperties;
import com.leadignite.config.AppProperties;
import com.leadignite.config.SupabaseProperties;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.web.client.RestTemplate;

/**
 * Picks the token verifier by the token's {@code iss} from a fixed map built from configuration (never by
 * fetching anything the token names): our own issuer always, the external Supabase project when
 * {@code SUPABASE_ISSUER} is set. An unlisted issuer is a 401.
 *
 * <p>External tokens get the same checks as ours: ES256/RS256 with a {@code kid} from its JWKS, or HS256
 * with its legacy secret (the algorithm decides which; never HS* against the JWKS), and {@code iss},
 * {@code aud=authenticated}, {@code exp}/{@code nbf}/{@code iat} within the skew, {@code role=authenticated}.
 */
@Configuration(proxyBeanMethods = false)
public class TokenIssuerConfiguration {

    @Bean
    AuthenticationManagerResolver<HttpServletRequest> tokenAuthenticationManagerResolver(
            JwtDecoder jwtDecoder, AccessTokenAuthenticationConverter converter, AppProperties app,
            SupabaseProperties supabase, AuthProperties auth, ExternalIdentityLookup identities,
            VerificationKeys keys) {
        JwtAuthenticationProvider own = new JwtAuthenticationProvider(jwtDecoder);
        own.setJwtAuthenticationConverter(converter);
        Map<String, AuthenticationManager> managers = new java.util.HashMap<>();
        managers.put(app.issuer(), new ProviderManager(own));
        if (supabase.enabled()) {
            if (supabase.issuer().equals(app.issuer())) {
                throw new IllegalStateException("SUPABASE_ISSUER must differ from this service's own issuer " + app.issuer());
            }
            JwtAuthenticationProvider external = new JwtAuthenticationProvider(externalDecoder(supabase, auth));
            external.setJwtAuthenticationConverter(new ExternalTokenAuthenticationConverter(identities));
            managers.put(supabase.issuer(), new ProviderManager(external));
        }
        Map<String, AuthenticationManager> fixed = Map.copyOf(managers);
        AuthenticationManager foreign = new ForeignIssuerWarning(keys, app.issuer(), auth);
        var byIssuer = new JwtIssuerAuthenticationManagerResolver(iss -> fixed.getOrDefault(iss, foreign));
        if (!(jwtDecoder instanceof CachingJwtDecoder cache)) {
            return byIssuer;
        }
        // Routing by issuer parses the token (Nimbus's constant-time Base64 and JSON): about a third of a
        // list request's CPU. A token our own decoder verified and still remembers can only be ours, so it
        // goes straight to our manager, whose decoder answers from the same cache.
        AuthenticationManager ownManager = fixed.get(app.issuer());
        return request -> {
            AuthenticationManager resolved = byIssuer.resolve(request);
            return authentication -> authentication instanceof BearerTokenAuthenticationToken bearer
                    && cache.isCached(bearer.getToken())
                    ? ownManager.authenticate(authentication)
                    : resolved.authenticate(authentication);
        };
    }

    static JwtDecoder externalDecoder(SupabaseProperties supabase, AuthProperties auth) {
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
                JwtDecoderConfiguration.validator(supabase.issuer(), auth), roleAuthenticated()));
        NimbusJwtDecoder jwks = null;
        if (supabase.jwksUrl() != null) {
            jwks = NimbusJwtDecoder.withJwkSetUri(supabase.jwksUrl())
                    .jwsAlgorithm(SignatureAlgorithm.ES256)
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .restOperations(restTemplate())
                    .build();
            jwks.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(validator, kidRequired())));
        }
        NimbusJwtDecoder hmac = null;
        if (supabase.jwtSecret() != null) {
            hmac = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                            supabase.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            hmac.setJwtValidator(validator);
        }
        NimbusJwtDecoder byKey = jwks;
        NimbusJwtDecoder bySecret = hmac;
        return token -> {
            String alg;
            try {
                alg = JWTParser.parse(token).getHeader().getAlgorithm().getName();
            } catch (java.text.ParseException | RuntimeException e) {
                throw new BadJwtException("malformed token");
            }
            if ("HS256".equals(alg) && bySecret != null) {
                return bySecret.decode(token);
            }
            if (byKey != null && !alg.startsWith("HS")) {
                return byKey.decode(token);
            }
            throw new BadJwtException("algorithm not allowed");
        };
    }

    private static OAuth2TokenValidator<Jwt> kidRequired() {
        return jwt -> jwt.getHeaders().get("kid") instanceof String kid && !kid.isBlank()
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "kid required", null));
    }

    private static OAuth2TokenValidator<Jwt> roleAuthenticated() {
        return jwt -> "authenticated".equals(jwt.getClaimAsString("role"))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "role", null));
    }

    private static RestTemplate restTemplate() {
        SimpleClientHttpRequestFactory f = new SimpleClientHttpRequestFactory();
        f.setConnectTimeout(Duration.ofSeconds(3));
        f.setReadTimeout(Duration.ofSeconds(5));
        return new RestTemplate(f);
    }
}
