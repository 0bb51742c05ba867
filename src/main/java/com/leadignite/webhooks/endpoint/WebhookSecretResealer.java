package com.leadignite.webhooks.endpoint;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Webhook endpoint secrets (current and every rotated-out one still kept, every org) as sealed values, for master-key rotation.
 * Runs with the claims {@value #CLAIMS}, whose policies (migration V10__webhook_endpoints) let it read every endpoint and rewrite only
 * the sealed columns; the secrets themselves never change, so webhooks keep verifying throughout.
 */
@Component
public class WebhookSecretResealer implements SealedValueStore {

    private final WebhookEndpointRepository repo;
    private final Database db;

    public WebhookSecretResealer(WebhookEndpointRepository repo, Database db) {
        this.repo = repo;
        this.db = db;
    }

    @Override
    public String description() {
        return "webhook endpoint secrets";
    }

    @Override
    public Set<String> keyIdsInUse() {
        return db.as(DbClaims.KEYS).read(() -> new TreeSet<>(repo.sealedSecretKeyIds()));
    }

    @Override
    public int resealAll(MasterKey keys) {
        return db.as(DbClaims.KEYS).write(() -> SealedValueStore.resealEach(repo.sealedSecretsForUpdate(),
                WebhookEndpointRepository.SealedSecret::sealed, secret -> reseal(keys, secret), repo::reseal));
    }

    private static byte[] reseal(MasterKey keys, WebhookEndpointRepository.SealedSecret secret) {
        try {
            return WebhookSecrets.reseal(keys, secret.sealed(), secret.endpointId(), secret.orgId());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a secret of webhook endpoint " + secret.endpointId()
                    + " cannot be opened with the configured master keys", e);
        }
    }
}
