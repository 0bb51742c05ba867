package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AuthProperties;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verified-token cache skips only the signature and claim checks it has already done: a forged
 * signature, an expired token and a token of a key that left the key set never come out of it, and it
 * stays within its size.
 */
class CachingJwtDecoderTest {

    static final String ISSUER = "http://localhost/auth/v1";
    static final AuthProperties AUTH = new AuthProperties(Duration.ofMinutes(15), Duration.ofDays(7),
            Duration.ofHours(24), Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(60), null);

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final ECKey key = generate("k1");
    final Set<String> liveKids = ConcurrentHashMap.newKeySet();
    final AtomicInteger keyLookups = new AtomicInteger();

    CachingJwtDecoderTest() {
        liveKids.add(key.getKeyID());
    }

    CachingJwtDecoder decoder(int maxEntries) {
        NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSource((selector, ctx) -> {
                    keyLookups.incrementAndGet();
                    return liveKids.contains(key.getKeyID()) ? selector.select(new com.nimbusds.jose.jwk.JWKSet(key))
                            : List.<JWK>of();
                })
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        verifier.setJwtValidator(JwtDecoderConfiguration.validator(ISSUER, AUTH, clock));
        return new CachingJwtDecoder(verifier, liveKids::contains, clock, maxEntries);
    }

    @Test
    void aRepeatedTokenIsVerifiedOnce() {
        CachingJwtDecoder decoder = decoder(100);
        String token = token(key, Duration.ofMinutes(15));
        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);
        assertThat(second.getSubject()).isEqualTo(first.getSubject());
        assertThat(keyLookups).hasValue(1);
    }

    @Test
    void aForgedSignatureNeverEntersOrHitsTheCache() {
        CachingJwtDecoder decoder = decoder(100);
        String valid = token(key, Duration.ofMinutes(15));
        decoder.decode(valid);
        String signingInput = valid.substring(0, valid.lastIndexOf('.') + 1);
        String otherKeysSignature = token(generate("k1"), Duration.ofMinutes(15));
        // same header and claims, a signature by another key with the same kid
        String forged = signingInput + otherKeysSignature.substring(otherKeysSignature.lastIndexOf('.') + 1);
        String tampered = signingInput + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
        for (String bad : List.of(forged, tampered, forged, tampered)) {
            assertThatThrownBy(() -> decoder.decode(bad)).isInstanceOf(JwtException.class);
        }
        assertThat(decoder.size()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenFailsEvenIfCached() {
        CachingJwtDecoder decoder = decoder(100);
        String token = token(key, Duration.ofMinutes(1));
        decoder.decode(token);
        clock.advance(Duration.ofMinutes(1).plus(AUTH.clockSkew()).plusSeconds(1));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTokenOfAKeyThatLeftTheKeySetStopsVerifying() {
        CachingJwtDecoder decoder = decoder(100);
        String token = token(key, Duration.ofMinutes(15));
        decoder.decode(token);
        liveKids.remove(key.getKeyID());
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void theCacheStaysWithinItsSize() {
        CachingJwtDecoder decoder = decoder(3);
        for (int i = 0; i < 10; i++) {
            decoder.decode(token(key, Duration.ofMinutes(15)));
        }
        assertThat(decoder.size()).isEqualTo(3);
        // expired entries make room again
        clock.advance(Duration.ofMinutes(16));
        String fresh = token(key, Duration.ofMinutes(15));
        decoder.decode(fresh);
        assertThat(decoder.size()).isEqualTo(1);
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        CachingJwtDecoder decoder = decoder(0);
        String token = token(key, Duration.ofMinutes(15));
        decoder.decode(token);
        decoder.decode(token);
        assertThat(keyLookups).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    private String token(ECKey signingKey, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience("authenticated").subject(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .claim("session_id", UUID.randomUUID().toString()).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                    .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
