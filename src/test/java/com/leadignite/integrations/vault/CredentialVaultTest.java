package com.leadignite.integrations.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.crypto.MasterKey;
import com.leadignite.integrations.IntegrationProvider;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Sealing binds a credential to its org and provider; nothing of it shows in the ciphertext or a toString. */
class CredentialVaultTest {

    final byte[] raw = random32();
    final CredentialVault vault = new CredentialVault(new MasterKey(raw), JsonMapper.builder().build());
    final UUID orgA = UUID.randomUUID();
    final UUID orgB = UUID.randomUUID();

    @Test
    void aCredentialOpensOnlyForItsOwnOrgAndProvider() {
        byte[] sealed = vault.seal(orgA, IntegrationProvider.vapi, new Credential.ApiKey("vapi_secret_key_0001"));
        assertThat(((Credential.ApiKey) vault.open(orgA, IntegrationProvider.vapi, sealed)).key()).isEqualTo("vapi_secret_key_0001");
        assertThatThrownBy(() -> vault.open(orgB, IntegrationProvider.vapi, sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.open(orgA, IntegrationProvider.elevenlabs, sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("vapi_secret_key_0001");
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.open(orgA, IntegrationProvider.vapi, tampered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oauthTokensRoundTripAndNeverPrint() {
        Instant exp = Instant.parse("2030-01-01T00:00:00Z");
        Credential.OAuthTokens t = new Credential.OAuthTokens("at-secret", "rt-secret", exp, "loc_1");
        Credential back = vault.open(orgA, IntegrationProvider.ghl, vault.seal(orgA, IntegrationProvider.ghl, t));
        assertThat(back).isEqualTo(t);
        assertThat(back.toString()).doesNotContain("at-secret").doesNotContain("rt-secret");
        assertThat(new Credential.ApiKey("sk_abcdefgh1234").toString()).doesNotContain("sk_").doesNotContain("1234");
        assertThat(new Credential.ApiKey("sk_abcdefgh1234").last4()).isEqualTo("1234");
    }

    @Test
    void resealingMovesACredentialOntoTheNewKeyAndKeepsItsBinding() {
        byte[] sealed = vault.seal(orgA, IntegrationProvider.vapi, new Credential.ApiKey("vapi_secret_key_0002"));
        byte[] newKey = random32();
        MasterKey ring = new MasterKey(newKey, List.of(raw));
        byte[] moved = CredentialVault.reseal(ring, sealed, orgA, IntegrationProvider.vapi);
        CredentialVault onlyNew = new CredentialVault(new MasterKey(newKey), JsonMapper.builder().build());
        assertThat(((Credential.ApiKey) onlyNew.open(orgA, IntegrationProvider.vapi, moved)).key()).isEqualTo("vapi_secret_key_0002");
        assertThatThrownBy(() -> onlyNew.open(orgB, IntegrationProvider.vapi, moved)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialVault.reseal(ring, sealed, orgB, IntegrationProvider.vapi))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
