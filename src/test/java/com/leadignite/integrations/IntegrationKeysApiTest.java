package com.leadignite.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.integrations.outbound.ProviderFailure;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Vapi and ElevenLabs API keys over HTTP: admins with step-up only, checked against the (stand-in)
 * provider once, stored sealed, shown only as status and last 4; a provider's 401 marks the integration
 * revoked; a sealed key copied to another org does not open there.
 */
class IntegrationKeysApiTest extends TwoOrgTest {

    static final String BASE = "/api/v1/integrations";
    static final String VAPI_KEY = "vapi_priv_7d1c9e2b4a6f0813";
    static final String ELEVEN_KEY = "sk_eleven_3b8f2a71c9d04e56";

    final StandInProviders standIn = StandInProviders.get();
    @Autowired
    IntegrationService integrations;
    @Autowired
    OutboundClient outbound;

    @BeforeEach
    void providers() {
        standIn.reset();
        standIn.on("GET /vapi/assistant", (r, ex) -> StandInProviders.send(ex,
                ("Bearer " + VAPI_KEY).equals(r.header("Authorization")) ? 200 : 401,
                ("Bearer " + VAPI_KEY).equals(r.header("Authorization")) ? "[]" : "{\"message\":\"Invalid Key\"}", Map.of()));
        standIn.on("GET /elevenlabs/v1/user", (r, ex) -> StandInProviders.send(ex,
                ELEVEN_KEY.equals(r.header("xi-api-key")) ? 200 : 401, "{\"subscription\":{}}", Map.of()));
    }

    @AfterEach
    void resetProviders() {
        standIn.reset();
        for (IntegrationProvider p : IntegrationProvider.values()) {
            outbound.breaker(p).reset();
        }
    }

    Http.Response putKey(Fixtures.TestUser who, String provider, Object body) {
        return http.put(BASE + "/" + provider, body, "Authorization", who.bearer());
    }

    @Test
    void anAdminStoresAKeyThatIsCheckedOnceAndShownOnlyByItsLastFour() {
        Http.Response r = putKey(admin, "vapi", Map.of("api_key", VAPI_KEY));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("connected").asBoolean()).isTrue();
        assertThat(r.json().get("key_last4").asString()).isEqualTo("0813");
        assertThat(r.body()).doesNotContain(VAPI_KEY).doesNotContain(VAPI_KEY.substring(0, 12));
        assertThat(standIn.received("GET /vapi/assistant")).hasSize(1);

        assertThat(putKey(admin, "elevenlabs", Map.of("api_key", ELEVEN_KEY)).status()).isEqualTo(200);
        Http.Response list = http.get(BASE, "Authorization", admin.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(VAPI_KEY).doesNotContain(ELEVEN_KEY);
        assertThat(list.json().get("items")).hasSize(3);
        assertThat(list.json().get("items").get(0).get("provider").asString()).isEqualTo("ghl");
        assertThat(list.json().get("items").get(0).get("connected").asBoolean()).isFalse();
        assertThat(list.json().get("items").get(2).get("key_last4").asString()).isEqualTo("4e56");

        // at rest: sealed, no trace of the key; audited without it
        byte[] stored = storedCredential(org, "vapi");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(VAPI_KEY).doesNotContain("0813");
        assertThat(auditText(org)).contains("connect integration").doesNotContain(VAPI_KEY).doesNotContain(ELEVEN_KEY);
        // each check was one audited outbound call
        assertThat(auditText(org)).contains("outbound_call").contains("check_key");
        // the other org sees nothing of it
        Http.Response other = http.get(BASE, "Authorization", otherAdmin.bearer());
        assertThat(other.json().get("items").get(1).get("connected").asBoolean()).isFalse();
    }

    @Test
    void aKeyTheProviderRefusesIsNotStored() {
        Http.Response r = putKey(admin, "vapi", Map.of("api_key", "vapi_wrong_key_000000"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asString()).endsWith("/api-key-refused");
        assertThat(r.body()).doesNotContain("vapi_wrong_key_000000").doesNotContain("Invalid Key");
        assertThat(storedCredential(org, "vapi")).isNull();
    }

    @Test
    void badKeysAndBodiesAre400sAndNothingReachesTheProvider() {
        for (Object body : new Object[] {Map.of("api_key", "short"), Map.of("api_key", "has space in it 123"),
                Map.of("api_key", "nul\u0000inside_the_key"), Map.of("api_key", 12345678), Map.of(),
                Map.of("api_key", VAPI_KEY, "org_id", otherOrg.toString()), "[]", "{\"api_key\":\"x\u0000"}) {
            Http.Response r = putKey(admin, "vapi", body);
            assertThat(r.status()).as("body %s", body).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(putKey(admin, "vapi", Map.of("api_key", "x".repeat(600))).status()).isEqualTo(400);
        assertThat(putKey(admin, "ghl", Map.of("api_key", VAPI_KEY)).status()).isEqualTo(400);
        assertThat(standIn.received("GET /vapi/assistant")).isEmpty();
    }

    @Test
    void onlyAdminsWithARecentSignInManageIntegrations() {
        for (Fixtures.TestUser who : new Fixtures.TestUser[] {agent, user}) {
            assertThat(putKey(who, "vapi", Map.of("api_key", VAPI_KEY)).status()).isEqualTo(403);
            assertThat(http.get(BASE, "Authorization", who.bearer()).status()).isEqualTo(403);
            assertThat(http.delete(BASE + "/vapi", "Authorization", who.bearer()).status()).isEqualTo(403);
            assertThat(http.post(BASE + "/ghl/connect", null, "Authorization", who.bearer()).status()).isEqualTo(403);
        }
        Fixtures.TestUser stale = fixtures.user(org, "admin", Instant.now().minusSeconds(3600));
        Http.Response r = putKey(stale, "vapi", Map.of("api_key", VAPI_KEY));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asString()).endsWith("/reauthentication-required");
        assertThat(http.get(BASE, "Authorization", stale.bearer()).status()).isEqualTo(403);
        assertThat(http.get(BASE).status()).isEqualTo(401);
        assertThat(standIn.received("GET /vapi/assistant")).isEmpty();
        assertThat(auditText(org)).contains("access_denied");
    }

    @Test
    void providerPathVariantsAreNotProviders() {
        for (String p : new String[] {"VAPI", "vapi%20", "vapi%2F", "vapi;x=1", "unknown", "vapi.json"}) {
            Http.Response r = putKey(admin, p, Map.of("api_key", VAPI_KEY));
            assertThat(r.status()).as(p).isIn(400, 404);
        }
        assertThat(standIn.received("GET /vapi/assistant")).isEmpty();
    }

    @Test
    void aProvider401MarksTheIntegrationRevoked() {
        assertThat(putKey(admin, "vapi", Map.of("api_key", VAPI_KEY)).status()).isEqualTo(200);
        standIn.json("GET /vapi/assistant", 401, "{}");
        Assertions.assertThatThrownBy(() -> integrations.use(org, admin.id(), IntegrationProvider.vapi,
                        c -> {
                            throw new ProviderFailure.CredentialRejected("status_401");
                        }))
                .isInstanceOf(ProviderFailure.CredentialRejected.class);
        Http.Response list = http.get(BASE, "Authorization", admin.bearer());
        var vapi = list.json().get("items").get(1);
        assertThat(vapi.get("connected").asBoolean()).isFalse();
        assertThat(vapi.get("reason").asString()).isEqualTo("revoked");
        assertThat(storedCredential(org, "vapi")).as("a refused credential is dropped").isNull();
        // using it now is a 409, not a call
        Assertions.assertThatThrownBy(() -> integrations.use(org, admin.id(), IntegrationProvider.vapi, c -> c))
                .hasMessageContaining("not connected");
        // storing a new key connects it again
        standIn.json("GET /vapi/assistant", 200, "[]");
        assertThat(putKey(admin, "vapi", Map.of("api_key", VAPI_KEY)).json().get("reason").isNull()).isTrue();
    }

    @Test
    void aSealedKeyCopiedToAnotherOrgDoesNotOpenThere() {
        assertThat(putKey(admin, "vapi", Map.of("api_key", VAPI_KEY)).status()).isEqualTo(200);
        assertThat(putKey(otherAdmin, "elevenlabs", Map.of("api_key", ELEVEN_KEY)).status()).isEqualTo(200);
        // org A's sealed Vapi key copied onto org B's row (as a bad migration or an attacker with SQL might)
        Fixtures.exec("""
                insert into public.integrations (org_id, provider, credential_enc, connected, key_last4, connected_at)
                select ?, provider, credential_enc, true, key_last4, now() from public.integrations
                 where org_id = ? and provider = 'vapi'""", otherOrg, org);
        Assertions.assertThatThrownBy(() -> integrations.use(otherOrg, otherAdmin.id(), IntegrationProvider.vapi, c -> c))
                .isInstanceOf(com.leadignite.web.ApiException.class).hasMessageContaining("cannot be used");
        // and onto another provider's row of the same org
        Fixtures.exec("update public.integrations set credential_enc = (select credential_enc from public.integrations "
                + "where org_id = ? and provider = 'vapi') where org_id = ? and provider = 'elevenlabs'", org, otherOrg);
        Assertions.assertThatThrownBy(() -> integrations.use(otherOrg, otherAdmin.id(), IntegrationProvider.elevenlabs, c -> c))
                .hasMessageContaining("cannot be used");
        // the owner still uses it
        String opened = integrations.use(org, admin.id(), IntegrationProvider.vapi, c -> c.toString());
        assertThat(opened).isEqualTo("ApiKey[******]");
    }

    @Test
    void rotatingAKeyChecksTheNewOneAndDeletingDisconnects() {
        assertThat(putKey(admin, "vapi", Map.of("api_key", VAPI_KEY)).status()).isEqualTo(200);
        Http.Response refused = http.post(BASE + "/vapi/rotate", Map.of("api_key", "vapi_other_key_11112222"),
                "Authorization", admin.bearer());
        assertThat(refused.status()).isEqualTo(400);
        Http.Response missing = http.post(BASE + "/vapi/rotate", null, "Authorization", admin.bearer());
        assertThat(missing.status()).isEqualTo(400);
        standIn.json("GET /vapi/assistant", 200, "[]");
        Http.Response rotated = http.post(BASE + "/vapi/rotate", Map.of("api_key", "vapi_new_key_99990000"),
                "Authorization", admin.bearer());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("key_last4").asString()).isEqualTo("0000");
        assertThat(rotated.json().get("last_rotated_at").isNull()).isFalse();
        String inUse = integrations.use(org, admin.id(), IntegrationProvider.vapi,
                c -> ((com.leadignite.integrations.vault.Credential.ApiKey) c).key());
        assertThat(inUse).isEqualTo("vapi_new_key_99990000");

        assertThat(http.delete(BASE + "/vapi", "Authorization", admin.bearer()).status()).isEqualTo(204);
        assertThat(storedCredential(org, "vapi")).isNull();
        assertThat(http.delete(BASE + "/vapi", "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.post(BASE + "/elevenlabs/rotate", Map.of("api_key", ELEVEN_KEY), "Authorization", admin.bearer())
                .status()).isEqualTo(409);
        assertThat(auditText(org)).contains("rotate integration").contains("delete integration").doesNotContain("vapi_new_key_99990000");
    }

    static byte[] storedCredential(java.util.UUID orgId, String provider) {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select credential_enc from public.integrations where org_id = ? and provider = ?")) {
            ps.setObject(1, orgId);
            ps.setString(2, provider);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String auditText(java.util.UUID orgId) {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement(
                     "select coalesce(string_agg(action || ' ' || entity_type || ' ' || details::text, E'\\n'), '') from public.audit_events where org_id = ?")) {
            ps.setObject(1, orgId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
