package com.leadignite.integrations.vault;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.DbContext;
import com.leadignite.integrations.IntegrationRepository;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Integration credentials of every org as sealed values, for master-key rotation
 * ({@code POST /api/v1/admin/keys/rotate {"kind":"encryption"}}). Runs with the claims {@value #CLAIMS}, whose
 * policies (V200) let it read every integration and rewrite it; the credentials themselves do not change.
 */
@Component
public class IntegrationCredentialResealer implements SealedValueStore {

    public static final String CLAIMS = "{\"role\":\"service_keys\"}";

    private final IntegrationRepository repo;
    private final TransactionTemplate tx;

    public IntegrationCredentialResealer(IntegrationRepository repo, PlatformTransactionManager txm) {
        this.repo = repo;
        this.tx = new TransactionTemplate(txm);
    }

    @Override
    public String description() {
        return "integration credentials";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return DbContext.callAs(CLAIMS, () -> tx.execute(s -> new TreeSet<>(repo.sealedKeyIds())));
    }

    @Override
    public int resealAll(MasterKey keys) {
        Integer n = DbContext.callAs(CLAIMS, () -> tx.execute(s -> {
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
        }));
        return n == null ? 0 : n;
    }
}
