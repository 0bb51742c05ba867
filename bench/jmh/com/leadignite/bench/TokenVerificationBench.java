package com.leadignite.bench;

import com.leadignite.auth.AuthProperties;
import com.leadignite.security.CachingJwtDecoder;
import com.leadignite.security.JwtDecoderConfiguration;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Access-token verification as the request pipeline runs it (ES256, our claim validators):
 * {@code jwkPerRequest} is how it was (Nimbus converts the JWK to a Java key on every call),
 * {@code javaKeyOnce} uses keys converted once (as {@code SigningKeys} now does), {@code cacheHit} is the
 * verified-token cache answering for a token it has seen.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerificationBench {

    static final String ISSUER = "http://127.0.0.1/auth/v1";
    static final AuthProperties AUTH = new AuthProperties(Duration.ofMinutes(15), Duration.ofDays(7),
            Duration.ofHours(24), Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(60), null);

    String token;
    JwtDecoder jwkPerRequest;
    JwtDecoder javaKeyOnce;
    CachingJwtDecoder cached;

    @Setup
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").algorithm(JWSAlgorithm.ES256).generate();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience("authenticated").subject(UUID.randomUUID().toString())
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                        .claim("session_id", UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        token = jwt.serialize();
        JWKSet set = new JWKSet(key);
        NimbusJwtDecoder plain = NimbusJwtDecoder.withJwkSource((selector, ctx) -> selector.select(set))
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        plain.setJwtValidator(JwtDecoderConfiguration.validator(ISSUER, AUTH, Clock.systemUTC()));
        jwkPerRequest = plain;
        ECPublicKey publicKey = key.toECPublicKey();
        JWSKeySelector<SecurityContext> once = (header, ctx) -> "k1".equals(header.getKeyID()) ? List.of(publicKey) : List.of();
        NimbusJwtDecoder converted = NimbusJwtDecoder.withJwkSource((selector, ctx) -> selector.select(set))
                .jwsAlgorithm(SignatureAlgorithm.ES256).jwtProcessorCustomizer(p -> p.setJWSKeySelector(once)).build();
        converted.setJwtValidator(JwtDecoderConfiguration.validator(ISSUER, AUTH, Clock.systemUTC()));
        javaKeyOnce = converted;
        cached = new CachingJwtDecoder(converted, "k1"::equals, Clock.systemUTC(), 10_000);
        cached.decode(token);
    }

    @Benchmark
    public Jwt jwkPerRequest() {
        return jwkPerRequest.decode(token);
    }

    @Benchmark
    public Jwt javaKeyOnce() {
        return javaKeyOnce.decode(token);
    }

    @Benchmark
    public Jwt cacheHit() {
        return cached.decode(token);
    }
}
