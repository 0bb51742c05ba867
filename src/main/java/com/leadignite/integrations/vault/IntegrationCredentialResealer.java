package com.leadignite.integrations.vault;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.integrations.IntegrationRepository;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Integration credentials of every org as sealed values, for master-key rotation
 * ({@code POST /api/v1/admin/keys/rotate {"kind":"encryption"}}). Runs with the {@code service_keys} claims, whose
 * policies (V200) let it read every integration and rewrite it; the credentials themselves do not change.
 */
@Component
public class IntegrationCredentialResealer implements SealedValueStore {

    private final IntegrationRepository repo;
    private final Database db;

    public IntegrationCredentialResealer(IntegrationRepository repo, Database db) {
        this.repo = repo;
        this.db = db;
    }

    @Override
    public String description() {
        return "integration credentials";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return db.as(DbClaims.KEYS).read(() -> new TreeSet<>(repo.sealedKeyIds()));
    }

    @Override
    public int resealAll(MasterKey keys) {
        return db.as(DbClaims.KEYS).write(() -> {
            int rewritten = 0;
            for (IntegrationRepository.SealedCredential c : repo.sealedForUpdate()) {
                byte[] resealed;
                try {
                    resealed = CredentialVault.reseal(keys, c.sealed(), c.orgId(), c.provider());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("the " + c.provider() + " credential of org " + c.orgId()
                            + " cannot be opened with the configured master keys", e);
                }
                if (resealed != c.sealed()) {
                    repo.reseal(c, resealed);
                    rewritten++;
                }
            }
            return rewritten;
        });
    }
}
