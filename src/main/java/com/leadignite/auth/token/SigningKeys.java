package com.leadignite.auth.token;

import com.leadignite.security.VerificationKeys;
import com.leadignite.crypto.MasterKey;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The service's JWT signing keys. They live in {@code auth.signing_keys} with the private half sealed by
 * the master key, so every instance signs and verifies with the same set. Exactly one key signs; retired
 * keys keep verifying until every token they signed has expired.
 *
 * <p>As a {@link JWKSource} it answers only for a {@code kid} it knows: a token without a {@code kid} or
 * with an unknown one matches no key. An unknown {@code kid} triggers at most one reload every few
 * seconds (another instance may have rotated), so a flood of made-up ids cannot hammer the database.
 *
 * <p>The set is also reloaded every {@link #REFRESH_EVERY} in the background, so after a rotation on one
 * instance every other instance starts signing with the new key within that time, and drops expired keys
 * from its JWKS. A rotation keeps the old key verifying for at least that long on top of the token
 * lifetime (see {@link #rotate}).
 */
@Component
@EnableScheduling
public class SigningKeys implements VerificationKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final byte[] AAD = "auth.signing_keys".getBytes(StandardCharsets.UTF_8);
    private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofSeconds(5);
    /** How often every instance re-reads the key set, so the active key changes everywhere soon after a rotation. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    private final SigningKeyRepository rows;
    private final Database db;
    private final MasterKey masterKey;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    /** {@code publicKeys}: the verifying keys as Java key objects, converted once per load, not per request. */
    private record Snapshot(ECKey active, JWKSet verifying, Map<String, ECPublicKey> publicKeys, Instant loadedAt) {
    }

    public SigningKeys(SigningKeyRepository rows, Database db, MasterKey masterKey, Clock clock) {
        this.rows = rows;
        this.db = db;
        this.masterKey = masterKey;
        this.clock = clock;
        db.as(DbClaims.AUTH).run(() -> {
            // Instances starting together must not each create "the" first key.
            rows.lockKeySet();
            if (rows.countActive() == 0) {
                insert(generate());
            }
        });
        reload();
    }

    /** The key that signs new tokens. */
    public ECKey active() {
        return snapshot.get().active();
    }

    /** Public keys for the JWKS endpoints: the active key and retired ones still verifying. */
    public JWKSet publicKeys() {
        return snapshot.get().verifying().toPublicJWKSet();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        Set<String> kids = selector.getMatcher().getKeyIDs();
        if (kids == null || kids.isEmpty()) {
            return List.of();
        }
        List<JWK> found = selector.select(snapshot.get().verifying());
        if (found.isEmpty() && Duration.between(snapshot.get().loadedAt(), clock.instant()).compareTo(RELOAD_AT_MOST_EVERY) > 0) {
            reload();
            found = selector.select(snapshot.get().verifying());
        }
        return found;
    }

    /**
     * The verification key for a token's header: ES256 with a {@code kid} we know (at most one key), else
     * none. Same reload rule for an unknown {@code kid} as {@link #get}.
     */
    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
        String kid = header.getKeyID();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || kid == null) {
            return List.of();
        }
        ECPublicKey key = snapshot.get().publicKeys().get(kid);
        if (key == null && Duration.between(snapshot.get().loadedAt(), clock.instant()).compareTo(RELOAD_AT_MOST_EVERY) > 0) {
            reload();
            key = snapshot.get().publicKeys().get(kid);
        }
        return key == null ? List.of() : List.of(key);
    }

    /** Whether tokens signed with {@code kid} still verify (the key is in the current key set). */
    @Override
    public boolean isVerifying(String kid) {
        return kid != null && snapshot.get().publicKeys().containsKey(kid);
    }

    /**
     * Retires the active key (it keeps verifying for {@code keepVerifying}) and starts signing with a new one.
     * @return the new key id
     */
    public String rotate(Duration keepVerifying) {
        return rotate(keepVerifying, (kid, validUntil) -> { });
    }

    /**
     * As {@link #rotate(Duration)}, running {@code alsoInTransaction} (with the new kid and the instant the
     * retired key stops verifying) in the same transaction, for the audit row that must commit with it.
     */
    public String rotate(Duration keepVerifying, java.util.function.BiConsumer<String, Instant> alsoInTransaction) {
        ECKey next = generate();
        try {
            db.as(DbClaims.AUTH).run(() -> {
                rows.lockKeySet();
                Instant validUntil = rows.retireActive(keepVerifying).orElse(null);
                insert(next);
                alsoInTransaction.accept(next.getKeyID(), validUntil);
            });
        } finally {
            reload(); // the committed state, whether or not the rotation committed
        }
        log.info("JWT signing key rotated: new kid {}", next.getKeyID());
        return next.getKeyID();
    }

    /** Background refresh (see the class comment); a failure keeps the current set and is retried. */
    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "PT30S")
    void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("Signing keys could not be reloaded; keeping the current set until the next attempt");
        }
    }

    public final void reload() {
        List<SigningKeyRepository.Row> stored = db.as(DbClaims.AUTH).read(rows::verifying);
        ECKey active = null;
        List<JWK> keys = new java.util.ArrayList<>();
        Map<String, ECPublicKey> publicKeys = new java.util.HashMap<>();
        for (SigningKeyRepository.Row row : stored) {
            ECKey key = open(row.kid(), row.sealed());
            keys.add(key);
            publicKeys.put(row.kid(), toPublicKey(key));
            if (row.active() && active == null) {
                active = key;
            }
        }
        if (active == null) {
            throw new IllegalStateException("no active signing key");
        }
        snapshot.set(new Snapshot(active, new JWKSet(keys), Map.copyOf(publicKeys), clock.instant()));
    }

    private static ECPublicKey toPublicKey(ECKey key) {
        try {
            return key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + key.getKeyID() + " has no usable public key", e);
        }
    }

    private void insert(ECKey key) {
        byte[] sealed = masterKey.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), aad(key.getKeyID()));
        rows.insert(key.getKeyID(), key.toPublicJWK().toJSONString(), sealed);
    }

    private ECKey open(String kid, byte[] sealed) {
        try {
            return ECKey.parse(new String(masterKey.decrypt(sealed, aad(kid)), StandardCharsets.UTF_8));
        } catch (ParseException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be opened with the configured master keys ("
                    + masterKey.fingerprints() + "): if the master key was changed, set LEADIGNITE_MASTER_KEY_PREVIOUS "
                    + "to the old key", e);
        }
    }

    /** Associated data of a sealed private key: binds it to its kid. */
    public static byte[] aad(String kid) {
        byte[] k = kid.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[AAD.length + 1 + k.length];
        System.arraycopy(AAD, 0, out, 0, AAD.length);
        System.arraycopy(k, 0, out, AAD.length + 1, k.length);
        return out;
    }

    private static ECKey generate() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

}
