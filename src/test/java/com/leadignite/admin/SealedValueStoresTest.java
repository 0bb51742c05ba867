package com.leadignite.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.auth.token.SealedSigningKeys;
import com.leadignite.auth.token.SigningKeys;
import com.leadignite.config.AppProperties;
import com.leadignite.crypto.MasterKey;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.support.TestClaims;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.endpoint.WebhookSecretResealer;
import com.leadignite.webhooks.endpoint.WebhookSecrets;
import com.leadignite.webhooks.receive.SignatureVerifier;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Master-key rotation at the level of the stores: values sealed with an old key A are re-sealed under a
 * ring built here, then must open with the new key alone. The shared service keeps its own key L; the
 * experiments with a foreign new key B run in a transaction that is rolled back, so L keeps opening
 * everything afterwards.
 */
@IntegrationTest
class SealedValueStoresTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SealedSigningKeys signingKeyStore;
    @Autowired
    WebhookSecretResealer webhookStore;
    @Autowired
    SigningKeys signingKeys;
    @Autowired
    WebhookSecrets liveSecrets;
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

    final byte[] keyA = random32();
    final byte[] keyB = random32();
    byte[] keyL;
    UUID org;
    String oldKid;

    @BeforeEach
    void setUp() throws Exception {
        // The test profile sets no master key: the service generated one into its data directory.
        keyL = Base64.getDecoder().decode(Files.readString(Path.of(app.dataDir(), "master.key")).trim());
        assertThat(new MasterKey(keyL).fingerprint()).isEqualTo(liveKey.fingerprint());
        org = fixtures.createOrg("Reseal Org");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
        if (oldKid != null) {
            Fixtures.exec("delete from auth.signing_keys where kid = ?", oldKid);
        }
    }

    @Test
    void signingKeysSealedWithAnOldKeyOpenWithTheNewKeyAloneAfterResealing() {
        ECKey retired = generate("retired-" + UUID.randomUUID().toString().substring(0, 8));
        oldKid = retired.getKeyID();
        byte[] sealedWithA = new MasterKey(keyA).encrypt(retired.toJSONString().getBytes(StandardCharsets.UTF_8),
                SigningKeys.aad(oldKid));
        MasterKey ring = new MasterKey(keyB, List.of(keyA, keyL));
        MasterKey onlyB = new MasterKey(keyB);

        tx.executeWithoutResult(s -> {
            TestClaims.set(jdbc, db, DbClaims.AUTH);
            insertRetiredKey(oldKid, sealedWithA);
            long rows = jdbc.sql("select count(*) from auth.signing_keys").query(Long.class).single();
            assertThat(signingKeyStore.keyIdsInUse()).contains(new MasterKey(keyA).fingerprint(), liveKey.fingerprint());

            assertThat(signingKeyStore.resealAll(ring)).isEqualTo((int) rows);

            jdbc.sql("select kid, private_key_enc from auth.signing_keys").query((rs, n) -> {
                String kid = rs.getString(1);
                String json = new String(onlyB.decrypt(rs.getBytes(2), SigningKeys.aad(kid)), StandardCharsets.UTF_8);
                assertThat(parse(json).getKeyID()).isEqualTo(kid);
                if (kid.equals(oldKid)) {
                    assertThat(json).isEqualTo(retired.toJSONString());
                }
                return kid;
            }).list();
            assertThat(signingKeyStore.keyIdsInUse()).containsExactly(onlyB.fingerprint());
            assertThat(signingKeyStore.resealAll(ring)).as("nothing left to move").isZero();
            s.setRollbackOnly();
        });

        signingKeys.reload(); // the live key set still opens with the live key: nothing of the above committed
    }

    @Test
    void aSigningKeyOfAKeyMissingFromTheRingStopsTheReseal() {
        ECKey retired = generate("orphan-" + UUID.randomUUID().toString().substring(0, 8));
        oldKid = retired.getKeyID();
        byte[] sealedWithA = new MasterKey(keyA).encrypt(retired.toJSONString().getBytes(StandardCharsets.UTF_8),
                SigningKeys.aad(oldKid));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            TestClaims.set(jdbc, db, DbClaims.AUTH);
            insertRetiredKey(oldKid, sealedWithA);
            signingKeyStore.resealAll(new MasterKey(keyB, List.of(keyL)));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining(oldKid)
                .hasMessageContaining("cannot be opened");
        oldKid = null; // rolled back with the failed transaction
        signingKeys.reload();
    }

    @Test
    void webhookSecretsSealedWithAnOldKeyOpenWithTheNewKeyAloneAfterResealing() {
        UUID e1 = UUID.randomUUID();
        UUID e2 = UUID.randomUUID();
        WebhookSecrets withA = new WebhookSecrets(new MasterKey(keyA));
        String s1 = withA.generate();
        String s0 = withA.generate();
        String s00 = withA.generate();
        String s2 = liveSecrets.generate();
        // Two earlier rotations still in their grace period: both are re-sealed.
        insertEndpoint(e1, withA.seal(s1, e1, org), withA.seal(s0, e1, org), withA.seal(s00, e1, org));
        insertEndpoint(e2, liveSecrets.seal(s2, e2, org));
        MasterKey ring = new MasterKey(keyB, List.of(keyA, keyL));
        WebhookSecrets withOnlyB = new WebhookSecrets(new MasterKey(keyB));

        tx.executeWithoutResult(s -> {
            TestClaims.set(jdbc, db, DbClaims.KEYS);
            assertThat(webhookStore.keyIdsInUse()).contains(new MasterKey(keyA).fingerprint(), liveKey.fingerprint());
            assertThat(webhookStore.resealAll(ring)).isGreaterThanOrEqualTo(4);
            Map<String, Object> row1 = row(e1);
            assertThat(withOnlyB.open((byte[]) row1.get("secret_enc"), e1, org)).isEqualTo(s1);
            assertThat(previous(e1).stream().map(p -> withOnlyB.open(p, e1, org))).containsExactlyInAnyOrder(s0, s00);
            Map<String, Object> row2 = row(e2);
            assertThat(withOnlyB.open((byte[]) row2.get("secret_enc"), e2, org)).isEqualTo(s2);
            assertThat(previous(e2)).isEmpty();
            // Still bound to their endpoint: a re-sealed secret does not open for another one.
            assertThatThrownBy(() -> withOnlyB.open((byte[]) row1.get("secret_enc"), e2, org))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(webhookStore.keyIdsInUse()).containsExactly(new MasterKey(keyB).fingerprint());
            s.setRollbackOnly();
        });
    }

    @Test
    void webhooksKeepVerifyingAfterTheirSecretsMoveOntoTheLiveKey() {
        UUID e1 = UUID.randomUUID();
        WebhookSecrets withA = new WebhookSecrets(new MasterKey(keyA));
        String current = withA.generate();
        String previous = withA.generate();
        insertEndpoint(e1, withA.seal(current, e1, org), withA.seal(previous, e1, org));
        // Before: the service (which knows only L) cannot open the secrets, so no delivery verifies.
        assertThat(deliver(e1, current).status()).isNotEqualTo(202);

        // The rotation as the service runs it after LEADIGNITE_MASTER_KEY=L, LEADIGNITE_MASTER_KEY_PREVIOUS=A.
        assertThat(webhookStore.resealAll(new MasterKey(keyL, List.of(keyA)))).isEqualTo(2);
        assertThat(webhookStore.keyIdsInUse()).containsExactly(liveKey.fingerprint());

        assertThat(deliver(e1, current).status()).isEqualTo(202);
        assertThat(deliver(e1, previous).status()).isEqualTo(202);
        assertThat(deliver(e1, new WebhookSecrets(liveKey).generate()).status()).isEqualTo(401);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void insertRetiredKey(String kid, byte[] sealed) {
        jdbc.sql("""
                insert into auth.signing_keys (kid, alg, public_jwk, private_key_enc, created_at, retired_at, expires_at)
                values (:kid, 'ES256', cast('{}' as jsonb), :sealed, now() - interval '2 hours',
                        now() - interval '1 hour', now() - interval '30 minutes')""")
                .param("kid", kid).param("sealed", sealed).update();
    }

    private void insertEndpoint(UUID id, byte[] secret, byte[]... previous) {
        Fixtures.exec("""
                insert into public.webhook_endpoints (id, org_id, provider, secret_enc)
                values (?, ?, 'vapi', ?)""", id, org, secret);
        for (byte[] p : previous) {
            Fixtures.exec("""
                    insert into public.webhook_previous_secrets (endpoint_id, org_id, secret_enc, expires_at)
                    values (?, ?, ?, ?)""", id, org, p, Timestamp.from(Instant.now().plusSeconds(3600)));
        }
    }

    private Map<String, Object> row(UUID id) {
        return jdbc.sql("select secret_enc from public.webhook_endpoints where id = :id")
                .param("id", id).query().singleRow();
    }

    private List<byte[]> previous(UUID id) {
        return jdbc.sql("select secret_enc from public.webhook_previous_secrets where endpoint_id = :id")
                .param("id", id).query((rs, n) -> rs.getBytes(1)).list();
    }

    private Http.Response deliver(UUID endpoint, String secret) {
        String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long ts = Instant.now().getEpochSecond();
        byte[] body = ("{\"type\":\"x.unknown\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        Http http = new Http(port);
        HttpRequest.Builder b = http.request("/webhooks/vapi/" + endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b, "webhook-id", messageId, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", SignatureVerifier.signStandard(secret, messageId, ts, body));
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
