package com.leadignite.integrations.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import com.leadignite.crypto.MasterKey;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.support.TestClaims;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Master-key rotation re-seals integration credentials (the store is one of the rotation's
 * {@code SealedValueStore}s): values sealed with an old key open with the new key alone afterwards, still
 * bound to their org and provider. Experiments with a foreign key run in a transaction rolled back.
 */
@IntegrationTest
class IntegrationCredentialResealerTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    IntegrationCredentialResealer store;
    @Autowired
    MasterKey liveKey;
    @Autowired
    AppProperties app;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Database db;
    @Autowired
    List<com.leadignite.crypto.SealedValueStore> stores;

    final byte[] keyA = CredentialVaultTest.random32();
    final byte[] keyB = CredentialVaultTest.random32();
    byte[] keyL;
    UUID org;

    @BeforeEach
    void setUp() throws Exception {
        keyL = Base64.getDecoder().decode(Files.readString(Path.of(app.dataDir(), "master.key")).trim());
        org = fixtures.createOrg("Integration Reseal Org");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void theRotationKnowsThisStore() {
        assertThat(stores).contains(store);
    }

    @Test
    void credentialsSealedWithAnOldKeyOpenWithTheNewKeyAloneAfterResealing() {
        CredentialVault withA = new CredentialVault(new MasterKey(keyA), JsonMapper.builder().build());
        CredentialVault withL = new CredentialVault(liveKey, JsonMapper.builder().build());
        insert(IntegrationProvider.vapi, withA.seal(org, IntegrationProvider.vapi, new Credential.ApiKey("vapi_key_sealed_with_A")));
        insert(IntegrationProvider.elevenlabs, withL.seal(org, IntegrationProvider.elevenlabs, new Credential.ApiKey("el_key_sealed_with_L")));
        MasterKey ring = new MasterKey(keyB, List.of(keyA, keyL));
        CredentialVault onlyB = new CredentialVault(new MasterKey(keyB), JsonMapper.builder().build());

        tx.executeWithoutResult(s -> {
            TestClaims.set(jdbc, db, DbClaims.KEYS);
            assertThat(store.keyIdsInUse()).contains(new MasterKey(keyA).fingerprint(), liveKey.fingerprint());
            assertThat(store.resealAll(ring)).isGreaterThanOrEqualTo(2);
            assertThat(((Credential.ApiKey) onlyB.open(org, IntegrationProvider.vapi, sealed(IntegrationProvider.vapi))).key())
                    .isEqualTo("vapi_key_sealed_with_A");
            assertThat(((Credential.ApiKey) onlyB.open(org, IntegrationProvider.elevenlabs, sealed(IntegrationProvider.elevenlabs))).key())
                    .isEqualTo("el_key_sealed_with_L");
            assertThatThrownBy(() -> onlyB.open(UUID.randomUUID(), IntegrationProvider.vapi, sealed(IntegrationProvider.vapi)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.keyIdsInUse()).containsExactly(new MasterKey(keyB).fingerprint());
            assertThat(store.resealAll(ring)).as("nothing left to move").isZero();
            s.setRollbackOnly();
        });
    }

    @Test
    void aCredentialNoKeyOfTheRingOpensStopsTheReseal() {
        CredentialVault withA = new CredentialVault(new MasterKey(keyA), JsonMapper.builder().build());
        // (committed as the owner: the re-sealing claims may rewrite credentials but never add one)
        insert(IntegrationProvider.vapi, withA.seal(org, IntegrationProvider.vapi, new Credential.ApiKey("orphan_key_0000")));
        assertThatThrownBy(() -> store.resealAll(new MasterKey(keyB, List.of(keyL))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be opened")
                .hasMessageNotContaining("orphan_key");
    }

    private void insert(IntegrationProvider p, byte[] sealed) {
        Fixtures.exec("insert into public.integrations (org_id, provider, credential_enc, connected, connected_at) values (?, ?, ?, true, now())",
                org, p.name(), sealed);
    }

    private byte[] sealed(IntegrationProvider p) {
        return jdbc.sql("select credential_enc from public.integrations where org_id = :o and provider = :p")
                .param("o", org).param("p", p.name()).query(byte[].class).single();
    }
}
