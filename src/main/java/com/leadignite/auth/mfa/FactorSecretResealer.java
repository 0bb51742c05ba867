package com.leadignite.auth.mfa;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedRows;
import com.leadignite.db.Database;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * TOTP secrets of every user as sealed values, for master-key rotation (policies in migration V150); the
 * secrets themselves never change, so authenticator apps keep working throughout.
 */
@Component
public class FactorSecretResealer extends SealedRows<FactorRepository.SealedSecret> {

    private final FactorRepository repo;

    public FactorSecretResealer(FactorRepository repo, Database db) {
        super(db, "MFA factor secrets");
        this.repo = repo;
    }

    @Override
    protected List<String> keyIds() {
        return repo.sealedSecretKeyIds();
    }

    @Override
    protected List<FactorRepository.SealedSecret> rowsForUpdate() {
        return repo.sealedSecretsForUpdate();
    }

    @Override
    protected byte[] sealed(FactorRepository.SealedSecret secret) {
        return secret.sealed();
    }

    @Override
    protected byte[] reseal(MasterKey keys, FactorRepository.SealedSecret secret) {
        return FactorSecrets.reseal(keys, secret.sealed(), secret.factorId(), secret.userId());
    }

    @Override
    protected void write(FactorRepository.SealedSecret secret, byte[] resealed) {
        repo.reseal(secret.factorId(), resealed);
    }

    @Override
    protected String describe(FactorRepository.SealedSecret secret) {
        return "the secret of MFA factor " + secret.factorId();
    }
}
