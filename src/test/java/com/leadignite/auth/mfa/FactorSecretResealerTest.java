package com.leadignite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import com.leadignite.crypto.MasterKey;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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

/**
 * Master-key rotation re-seals TOTP secrets (admin.KeyRotationService finds this store like every other):
 * a secret sealed with an old key A opens with the live key alone afterwards, still bound to its factor
 * and user, and the user's authenticator keeps producing accepted codes.
 */
@IntegrationTest
class FactorSecretResealerTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    FactorSecretResealer store;
    @Autowired
    MasterKey liveKey;
    @Autowired
    AppProperties app;

    final byte[] keyA = new byte[32];
    UUID org;

    @BeforeEach
    void setUp() {
        new SecureRandom().nextBytes(keyA);
        org = fixtures.createOrg("Factor Reseal Org");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void secretsSealedWithAnOldKeyMoveOntoTheLiveKeyAndKeepWorking() throws Exception {
        byte[] keyL = Base64.getDecoder().decode(Files.readString(Path.of(app.dataDir(), "master.key")).trim());
        TestUser user = fixtures.user(org, "admin");
        UUID factor = UUID.randomUUID();
        byte[] secret = new byte[FactorSecrets.SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        FactorSecrets withA = new FactorSecrets(new MasterKey(keyA));
        Fixtures.exec("""
                insert into auth.mfa_factors (id, user_id, org_id, status, secret_enc)
                values (?, ?, ?, 'verified', ?)""", factor, user.id(), org, withA.seal(secret, factor, user.id()));
        assertThat(store.keyIdsInUse()).contains(new MasterKey(keyA).fingerprint());

        assertThat(store.resealAll(new MasterKey(keyL, List.of(keyA)))).isGreaterThanOrEqualTo(1);
        assertThat(store.keyIdsInUse()).containsExactly(liveKey.fingerprint());
        byte[] sealed;
        try (var c = TestDatabase.owner(); var ps = c.prepareStatement("select secret_enc from auth.mfa_factors where id = ?")) {
            ps.setObject(1, factor);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                sealed = rs.getBytes(1);
            }
        }
        FactorSecrets live = new FactorSecrets(liveKey);
        assertThat(live.open(sealed, factor, user.id())).isEqualTo(secret);
        // Bound to its factor and user: the ciphertext does not open for another.
        assertThatThrownBy(() -> live.open(sealed, UUID.randomUUID(), user.id())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> live.open(sealed, factor, UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);

        // The user's authenticator still works against the service.
        Http http = new Http(port);
        Http.Response ch = http.post("/auth/v1/factors/" + factor + "/challenge", Map.of(), "Authorization", user.bearer());
        assertThat(ch.status()).as(ch.body()).isEqualTo(200);
        String code = Totp.code(secret, Totp.step(Instant.now().getEpochSecond()), Totp.DIGITS);
        Http.Response v = http.post("/auth/v1/factors/" + factor + "/verify",
                Map.of("challenge_id", ch.json().get("id").asString(), "code", code), "Authorization", user.bearer());
        assertThat(v.status()).as(v.body()).isEqualTo(200);
    }
}
