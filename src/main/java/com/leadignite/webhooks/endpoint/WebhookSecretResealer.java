package com.leadignite.webhooks.endpoint;

import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedRows;
import com.leadignite.db.Database;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Webhook endpoint secrets (current and every rotated-out one still kept, every org) as sealed values, for
 * master-key rotation (policies in migration V10__webhook_endpoints: read every endpoint, rewrite only the
 * sealed columns); the secrets themselves never change, so webhooks keep verifying throughout.
 */
@Component
public class WebhookSecretResealer extends SealedRows<WebhookEndpointRepository.SealedSecret> {

    private final WebhookEndpointRepository repo;

    public WebhookSecretResealer(WebhookEndpointRepository repo, Database db) {
        super(db, "webhook endpoint secrets");
        this.repo = repo;
    }

    @Override
    protected List<String> keyIds() {
        return repo.sealedSecretKeyIds();
    }

    @Override
    protected List<WebhookEndpointRepository.SealedSecret> rowsForUpdate() {
        return repo.sealedSecretsForUpdate();
    }

    @Override
    protected byte[] sealed(WebhookEndpointRepository.SealedSecret secret) {
        return secret.sealed();
    }

    @Override
    protected byte[] reseal(MasterKey keys, WebhookEndpointRepository.SealedSecret secret) {
        return WebhookSecrets.reseal(keys, secret.sealed(), secret.endpointId(), secret.orgId());
    }

    @Override
    protected void write(WebhookEndpointRepository.SealedSecret secret, byte[] resealed) {
        repo.reseal(secret, resealed);
    }

    @Override
    protected String describe(WebhookEndpointRepository.SealedSecret secret) {
        return "a secret of webhook endpoint " + secret.endpointId();
    }
}
