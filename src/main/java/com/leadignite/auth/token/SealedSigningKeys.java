package com.leadignite.auth.token;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The private halves of the JWT signing keys ({@code auth.signing_keys.private_key_enc}) as sealed values:
 * every row, retired and expired ones included, so an old master key seals nothing once re-sealing is done.
 */
@Component
public class SealedSigningKeys implements SealedValueStore {

    private final SigningKeyRepository rows;
    private final Database db;

    public SealedSigningKeys(SigningKeyRepository rows, Database db) {
        this.rows = rows;
        this.db = db;
    }

    @Override
    public String description() {
        return "JWT signing keys";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return db.as(DbClaims.AUTH).read(() -> new TreeSet<>(rows.masterKeyIdsInUse()));
    }

    @Override
    public int resealAll(MasterKey keys) {
        return db.as(DbClaims.AUTH).write(() -> {
            // The same lock as a JWT rotation: no key is added or retired meanwhile.
            rows.lockKeySet();
            int rewritten = 0;
            for (SigningKeyRepository.Row row : rows.lockAll()) {
                byte[] resealed;
                try {
                    resealed = keys.reseal(row.sealed(), SigningKeys.aad(row.kid()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("signing key " + row.kid()
                            + " cannot be opened with the configured master keys", e);
                }
                if (resealed != row.sealed()) {
                    rows.reseal(row.kid(), resealed);
                    rewritten++;
                }
            }
            return rewritten;
        });
    }
}
