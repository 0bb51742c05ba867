package com.leadignite.integrations.vault;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedRows;
import com.leadignite.db.Database;
import com.leadignite.integrations.IntegrationRepository;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Integration credentials of every org as sealed values, for master-key rotation
 * ({@code POST /api/v1/admin/keys/rotate {"kind":"encryption"}}; policies in V200 let it read every
 * integration and rewrite it); the credentials themselves do not change.
 */
@Component
public class IntegrationCredentialResealer extends SealedRows<IntegrationRepository.SealedCredential> {

    private final IntegrationRepository repo;

    public IntegrationCredentialResealer(IntegrationRepository repo, Database db) {
        super(db, "integration credentials");
        this.repo = repo;
    }

    @Override
    protected List<String> keyIds() {
        return repo.sealedKeyIds();
    }

    @Override
    protected List<IntegrationRepository.SealedCredential> rowsForUpdate() {
        return repo.sealedForUpdate();
    }

    @Override
    protected byte[] sealed(IntegrationRepository.SealedCredential c) {
        return c.sealed();
    }

    @Override
    protected byte[] reseal(MasterKey keys, IntegrationRepository.SealedCredential c) {
        return CredentialVault.reseal(keys, c.sealed(), c.orgId(), c.provider());
    }

    @Override
    protected void write(IntegrationRepository.SealedCredential c, byte[] resealed) {
        repo.reseal(c, resealed);
    }

    @Override
    protected String describe(IntegrationRepository.SealedCredential c) {
        return "the " + c.provider() + " credential of org " + c.orgId();
    }
}
