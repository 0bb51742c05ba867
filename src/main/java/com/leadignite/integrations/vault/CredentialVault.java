package com.leadignite.integrations.vault;

import com.leadignite.crypto.MasterKey;
import com.leadignite.integrations.IntegrationProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals integration credentials with AES-256-GCM under the master key ring. The associated data is
 * {@code integration:<provider>:<org>}: a sealed credential copied onto another org's row (or another
 * provider's) fails authentication instead of opening, so a row-level mistake cannot lend one org's key
 * to another.
 */
@Component
public class CredentialVault {

    private final MasterKey masterKey;
    private final JsonMapper json;

    public CredentialVault(MasterKey masterKey, JsonMapper json) {
        this.masterKey = masterKey;
        this.json = json;
    }

    public byte[] seal(UUID orgId, IntegrationProvider provider, Credential credential) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (credential instanceof Credential.ApiKey k) {
            m.put("kind", "api_key");
            m.put("key", k.key());
        } else if (credential instanceof Credential.OAuthTokens t) {
            m.put("kind", "oauth");
            m.put("access_token", t.accessToken());
            m.put("refresh_token", t.refreshToken());
            m.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
            m.put("account_id", t.accountId());
        }
        byte[] plain = json.writeValueAsBytes(m);
        try {
            return masterKey.encrypt(plain, associatedData(orgId, provider));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** @throws IllegalArgumentException when the value was not sealed for this org and provider (or is damaged) */
    public Credential open(UUID orgId, IntegrationProvider provider, byte[] sealed) {
        byte[] plain = masterKey.decrypt(sealed, associatedData(orgId, provider));
        try {
            JsonNode n = json.readTree(plain);
            return switch (n.path("kind").asString("")) {
                case "api_key" -> new Credential.ApiKey(n.path("key").asString());
                case "oauth" -> new Credential.OAuthTokens(n.path("access_token").asString(),
                                text(n, "refresh_token"), text(n, "expires_at") == null ? null : Instant.parse(text(n, "expires_at")),
                        text(n, "account_id"));
                default -> throw new IllegalArgumentException("unknown credential kind");
            };
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.asString() : null;
    }

    /** Moves a sealed credential onto the current key of {@code keys} (master-key rotation). */
    public static byte[] reseal(MasterKey keys, byte[] sealed, UUID orgId, IntegrationProvider provider) {
        return keys.reseal(sealed, associatedData(orgId, provider));
    }

    static byte[] associatedData(UUID orgId, IntegrationProvider provider) {
        return ("integration:" + provider.name() + ":" + orgId).getBytes(StandardCharsets.US_ASCII);
    }
}
