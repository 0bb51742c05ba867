package com.leadignite.auth.mfa;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * TOTP secrets of every user as sealed values, for master-key rotation. Runs with the claims
 * {@code service_keys}, whose policies (migration V150) let it read every factor and rewrite its row;
 * the secrets themselves never change, so authenticator apps keep working throughout.
 */
@Component
public class FactorSecretResealer implements SealedValueStore {

    private final FactorRepository repo;
    private final Database db;

    public FactorSecretResealer(FactorRepository repo, Database db) {
        this.repo = repo;
        this.db = db;
    }

    @Override
    public String description() {
        return "MFA factor secrets";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return db.as(DbClaims.KEYS).read(() -> new TreeSet<>(repo.sealedSecretKeyIds()));
    }

    @Override
    public int resealAll(MasterKey keys) {
        return db.as(DbClaims.KEYS).write(() -> SealedValueStore.resealEach(repo.sealedSecretsForUpdate(),
                FactorRepository.SealedSecret::sealed, secret -> reseal(keys, secret),
                (secret, resealed) -> repo.reseal(secret.factorId(), resealed)));
    }

    private static byte[] reseal(MasterKey keys, FactorRepository.SealedSecret secret) {
        try {
            return FactorSecrets.reseal(keys, secret.sealed(), secret.factorId(), secret.userId());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secret of MFA factor " + secret.factorId()
                    + " cannot be opened with the configured master keys", e);
        }
    }
}
