package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Endpoint management: admins only, step-up, secrets shown once and stored sealed, org isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookEndpointApiTest extends TwoOrgTest {

    static final String BASE = "/api/v1/webhook-endpoints";


    @Test
    void createReturnsUrlAndSecretOnceAndAudits() {
        Http.Response r = http.post(BASE, Map.of("provider", "elevenlabs"), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(201);
        var json = r.json();
        String id = json.get("id").asString();
        assertThat(r.header("Location")).endsWith(BASE + "/" + id);
        assertThat(json.get("provider").asString()).isEqualTo("elevenlabs");
        assertThat(json.get("url").asString()).matches("https?://[^/]+/webhooks/elevenlabs/" + id);
        String secret = json.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events where org_id = ? and actor_id = ? and action = 'create'
                   and entity_type = 'webhook_endpoint' and entity_id = ? and outcome = 'success'""",
                org, admin.id(), id)).isEqualTo(1);
        assertThat(WebhookDb.rows("select details::text as d from public.audit_events where entity_id = ?", id))
                .allSatisfy(row -> assertThat((String) row.get("d")).doesNotContain(secret.substring(6, 20)));
    }

    @Test
    void twoEndpointsGetDifferentSecrets() {
        String a = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json().get("secret").asString();
        String b = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json().get("secret").asString();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void secretIsStoredSealedNotInPlaintext() {
        var json = http.post(BASE, Map.of("provider", "ghl"), "Authorization", admin.bearer()).json();
        String secret = json.get("secret").asString();
        byte[] key = Base64.getDecoder().decode(secret.substring(6));
        var row = WebhookDb.rows("select secret_enc from public.webhook_endpoints where id = ?",
                UUID.fromString(json.get("id").asString())).get(0);
        byte[] stored = (byte[]) row.get("secret_enc");
        assertThat(stored).isNotNull();
        String storedText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(storedText).doesNotContain(secret).doesNotContain(secret.substring(6));
        assertThat(indexOf(stored, key)).as("raw key bytes in the column").isEqualTo(-1);
        assertThat(stored.length).isGreaterThan(secret.length()); // version + key id + iv + ciphertext + tag
    }

    @Test
    void listNeverShowsSecrets() {
        var created = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json();
        String secret = created.get("secret").asString();
        Http.Response list = http.get(BASE + "?page=0&size=100", "Authorization", admin.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(secret.substring(6)).doesNotContain("\"secret\"");
        var items = list.json().get("items");
        assertThat(items.isArray()).isTrue();
        boolean found = false;
        for (var item : items) {
            if (item.get("id").asString().equals(created.get("id").asString())) {
                found = true;
                assertThat(item.get("url").asString()).isEqualTo(created.get("url").asString());
                assertThat(item.get("created_at").asString()).isNotBlank();
            }
        }
        assertThat(found).isTrue();
        assertThat(list.json().get("total").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rotateIssuesANewSecretWithAConfiguredOverlapAndAudits() {
        var created = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json();
        String id = created.get("id").asString();
        Http.Response r = http.post(BASE + "/" + id + "/rotate", null, "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(200);
        String newSecret = r.json().get("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(created.get("secret").asString());
        Instant rotatedAt = Instant.parse(r.json().get("rotated_at").asString());
        Instant until = Instant.parse(r.json().get("previous_secret_expires_at").asString());
        assertThat(Duration.between(rotatedAt, until)).isEqualTo(Duration.ofHours(24));
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events where org_id = ? and action = 'rotate'
                   and entity_type = 'webhook_endpoint' and entity_id = ?""", org, id)).isEqualTo(1);
        assertThat(http.get(BASE, "Authorization", admin.bearer()).body()).doesNotContain(newSecret);
    }

    @Test
    void deleteIs204ThenGoneAndAudited() {
        String id = http.post(BASE, Map.of("provider", "ghl"), "Authorization", admin.bearer()).json().get("id").asString();
        assertThat(http.delete(BASE + "/" + id, "Authorization", admin.bearer()).status()).isEqualTo(204);
        assertThat(http.get(BASE + "?size=100", "Authorization", admin.bearer()).body()).doesNotContain(id);
        assertThat(http.delete(BASE + "/" + id, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.post(BASE + "/" + id + "/rotate", null, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events where org_id = ? and action = 'delete'
                   and entity_type = 'webhook_endpoint' and entity_id = ?""", org, id)).isEqualTo(1);
        var row = WebhookDb.rows("select secret_enc, previous_secret_enc from public.webhook_endpoints where id = ?",
                UUID.fromString(id)).get(0);
        assertThat(row.get("secret_enc")).as("secrets wiped on delete").isNull();
    }

    @Test
    void anotherOrgsEndpointIsNotFoundAndNotListed() {
        String id = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json().get("id").asString();
        assertThat(http.post(BASE + "/" + id + "/rotate", null, "Authorization", otherAdmin.bearer()).status()).isEqualTo(404);
        assertThat(http.delete(BASE + "/" + id, "Authorization", otherAdmin.bearer()).status()).isEqualTo(404);
        assertThat(http.get(BASE + "?size=100", "Authorization", otherAdmin.bearer()).body()).doesNotContain(id);
        // still intact for its own org
        assertThat(http.post(BASE + "/" + id + "/rotate", null, "Authorization", admin.bearer()).status()).isEqualTo(200);
    }

    @Test
    void nonUuidIdIs404() {
        assertThat(http.delete(BASE + "/12345", "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.post(BASE + "/nope/rotate", null, "Authorization", admin.bearer()).status()).isEqualTo(404);
    }

    @Test
    void nonAdminsAreForbiddenEverywhereAndAudited() {
        for (String role : new String[] {"agent", "user"}) {
            Fixtures.TestUser u = fixtures.user(org, role);
            String id = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json().get("id").asString();
            assertThat(http.post(BASE, Map.of("provider", "vapi"), "Authorization", u.bearer()).status()).isEqualTo(403);
            assertThat(http.get(BASE, "Authorization", u.bearer()).status()).isEqualTo(403);
            assertThat(http.post(BASE + "/" + id + "/rotate", null, "Authorization", u.bearer()).status()).isEqualTo(403);
            assertThat(http.delete(BASE + "/" + id, "Authorization", u.bearer()).status()).isEqualTo(403);
            assertThat(WebhookDb.count("""
                    select count(*) from public.audit_events where actor_id = ? and action = 'access_denied'
                       and entity_type = 'webhook_endpoint' and outcome = 'denied'""", u.id())).isEqualTo(4);
        }
        assertThat(http.get(BASE).status()).as("anonymous").isEqualTo(401);
    }

    @Test
    void staleSignInNeedsStepUp() {
        Fixtures.TestUser stale = fixtures.user(org, "admin", Instant.now().minus(Duration.ofHours(2)));
        String id = http.post(BASE, Map.of("provider", "vapi"), "Authorization", admin.bearer()).json().get("id").asString();
        Http.Response create = http.post(BASE, Map.of("provider", "vapi"), "Authorization", stale.bearer());
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).contains("reauthentication-required");
        assertThat(http.get(BASE, "Authorization", stale.bearer()).status()).isEqualTo(403);
        assertThat(http.post(BASE + "/" + id + "/rotate", null, "Authorization", stale.bearer()).status()).isEqualTo(403);
        assertThat(http.delete(BASE + "/" + id, "Authorization", stale.bearer()).status()).isEqualTo(403);
        assertThat(WebhookDb.count("select count(*) from public.webhook_endpoints where created_by = ?", stale.id())).isZero();
    }

    @Test
    void invalidProviderIs400() {
        assertThat(http.post(BASE, Map.of("provider", "twilio"), "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.post(BASE, Map.of(), "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.post(BASE, Map.of("provider", "vapi", "org_id", otherOrg.toString()), "Authorization",
                admin.bearer()).status()).as("unknown field").isEqualTo(400);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
