package com.leadignite.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed full verification (signature, issuer, audience, timestamps), keyed by the
 * SHA-256 of the token text, so a client sending the same token again skips the ES256 check, the
 * dominant cost of an authenticated request. Only the signature and claim checks are skipped: the
 * session lookup runs on every request after this ({@link AccessTokenAuthenticationConverter}), so
 * sign-out, revocation and locks still take effect at once.
 *
 * <p>An entry is used only while the token's {@code exp} has not passed (without the clock-skew grace
 * the full check allows) and while its {@code kid} is still one of our verifying keys, so a key that
 * leaves the key set takes its tokens with it. Only a successfully decoded token is stored. The map is
 * bounded: when full, expired entries are swept (at most once a second) and a token that still does not
 * fit is simply not cached.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private record Entry(Jwt jwt, String kid, Instant expiresAt) {
    }

    private final JwtDecoder delegate;
    private final Predicate<String> verifyingKid;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    public CachingJwtDecoder(JwtDecoder delegate, Predicate<String> verifyingKid, Clock clock, int maxEntries) {
        this.delegate = delegate;
        this.verifyingKid = verifyingKid;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (maxEntries == 0 || token == null) {
            return delegate.decode(token);
        }
        String key = hash(token);
        Entry hit = entries.get(key);
        Instant now = clock.instant();
        if (hit != null) {
            if (now.isBefore(hit.expiresAt()) && verifyingKid.test(hit.kid())) {
                return hit.jwt();
            }
            entries.remove(key, hit);
        }
        Jwt jwt = delegate.decode(token); // throws for anything that does not verify: nothing is stored
        Object kid = jwt.getHeaders().get("kid");
        Instant exp = jwt.getExpiresAt();
        if (kid instanceof String k && exp != null && now.isBefore(exp) && hasRoom(now)) {
            entries.put(key, new Entry(jwt, k, exp));
        }
        return jwt;
    }

    /** Whether {@code token} is cached now (for tests). */
    public boolean isCached(String token) {
        return token != null && entries.containsKey(hash(token));
    }

    /** Number of cached tokens (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    private boolean hasRoom(Instant now) {
        if (entries.size() < maxEntries) {
            return true;
        }
        long last = lastSweep.get();
        if (now.toEpochMilli() - last >= 1000 && lastSweep.compareAndSet(last, now.toEpochMilli())) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
        }
        return entries.size() < maxEntries;
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
