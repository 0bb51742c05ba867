package com.leadignite.webhooks.endpoint;

import com.leadignite.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues endpoint secrets ({@code whsec_} + base64 of 32 random bytes, the Standard Webhooks form) and
 * seals them with the master key. The associated data binds a sealed secret to its endpoint and org,
 * so a ciphertext copied onto another row does not decrypt.
 */
@Component
public class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey masterKey;

    public WebhookSecrets(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public String generate() {
        byte[] raw = new byte[SECRET_BYTES];
        RANDOM.nextBytes(raw);
        return PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    public byte[] seal(String secret, UUID endpointId, UUID orgId) {
        return masterKey.encrypt(secret.getBytes(StandardCharsets.US_ASCII), associatedData(endpointId, orgId));
    }

    public String open(byte[] sealed, UUID endpointId, UUID orgId) {
        return new String(masterKey.decrypt(sealed, associatedData(endpointId, orgId)), StandardCharsets.US_ASCII);
    }

    /** A sealed secret moved onto the current key of {@code keys} (master-key rotation; see {@link WebhookSecretResealer}). */
    public static byte[] reseal(MasterKey keys, byte[] sealed, UUID endpointId, UUID orgId) {
        return keys.reseal(sealed, associatedData(endpointId, orgId));
    }

    private static byte[] associatedData(UUID endpointId, UUID orgId) {
        return ("webhook_endpoint:" + endpointId + ":" + orgId).getBytes(StandardCharsets.US_ASCII);
    }
}
