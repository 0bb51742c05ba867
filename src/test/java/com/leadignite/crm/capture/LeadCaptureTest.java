package com.leadignite.crm.capture;

import com.leadignite.support.TwoOrgTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.users.OwnerQueries;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class LeadCaptureTest extends TwoOrgTest {

    static final String CAPTURE = "/api/v1/public/lead-capture";
    static final String SITE = "https://www.customer.example";

    String key;
    String otherKey;

    @BeforeEach
    void setUp() {
        key = newKey(admin, List.of(SITE));
        otherKey = newKey(otherAdmin, List.of("https://other.example"));
    }

    // ---- checks that run before any lead is written ------------------------------------------------

    @Test
    void missingMalformedOrUnknownKeysAre401() {
        assertThat(http.post(CAPTURE, valid()).status()).isEqualTo(401);
        assertThat(post("nope", null, valid()).status()).isEqualTo(401);
        assertThat(post("lfk_" + "A".repeat(32), null, valid()).status()).isEqualTo(401);
        assertThat(post("lfk_' or 1=1 --", null, valid()).status()).isEqualTo(401);
        // A bearer token does not stand in for a form key.
        assertThat(http.post(CAPTURE, valid(), "Authorization", admin.bearer()).status()).isEqualTo(401);
    }

    @Test
    void anOriginNotAllowedForTheKeyIs403AndAudited() {
        assertThat(post(key, "https://evil.example", valid()).status()).isEqualTo(403);
        assertThat(post(key, "https://other.example", valid()).status()).isEqualTo(403); // the other org's origin
        assertThat(post(key, "null", valid()).status()).isEqualTo(403);
        assertThat(post(key, SITE + ":8443", valid()).status()).isEqualTo(403);
        assertThat(post(key, "http://www.customer.example", valid()).status()).isEqualTo(403);
        // One row for the first refusal from this address; the other four go into the window's count row.
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and action = 'access_denied' and entity_type = 'form_key'
                   and details->>'reason' = 'origin' and details->>'origin' = 'https://evil.example'""", org)).hasSize(1);
    }

    @Test
    void allowedOriginOrNoOriginPassesToValidation() {
        Map<String, Object> invalid = Map.of("email", "a@example.test"); // first_name missing
        assertThat(post(key, SITE, invalid).status()).isEqualTo(400);
        assertThat(post(key, null, invalid).status()).isEqualTo(400);
    }

    @Test
    void markupAndServerSetFieldsAreRejected() {
        for (String field : List.of("first_name", "last_name", "company", "source", "notes")) {
            Map<String, Object> body = valid();
            body.put(field, "Hi <script>alert(1)</script>");
            var r = post(key, SITE, body);
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.body()).as(field).contains(field);
        }
        Map<String, Object> img = valid();
        img.put("notes", "call me <img src=x onerror=alert(1)>");
        assertThat(post(key, SITE, img).status()).isEqualTo(400);
        Map<String, Object> comment = valid();
        comment.put("last_name", "x<!-- y -->");
        assertThat(post(key, SITE, comment).status()).isEqualTo(400);
        for (String serverSet : List.of("id", "org_id", "owner_id", "assigned_agent_id", "status", "created_at", "updated_at")) {
            Map<String, Object> body = valid();
            body.put(serverSet, serverSet.endsWith("id") ? UUID.randomUUID().toString() : "qualified");
            assertThat(post(key, SITE, body).status()).as(serverSet).isEqualTo(400);
        }
        Map<String, Object> badPhone = valid();
        badPhone.put("phone", "0155 555");
        assertThat(post(key, SITE, badPhone).status()).isEqualTo(400);
        Map<String, Object> badEmail = valid();
        badEmail.put("email", "nobody");
        assertThat(post(key, SITE, badEmail).status()).isEqualTo(400);
        Map<String, Object> tooLong = valid();
        tooLong.put("notes", "x".repeat(10_001));
        assertThat(post(key, SITE, tooLong).status()).isEqualTo(400);
    }

    @Test
    void preflightIsAnsweredForAnyOriginWithoutCredentials() {
        var r = http.send(http.request(CAPTURE).method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://anyone.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-form-key");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("x-form-key");
        // Only this path is open like that.
        var other = http.send(http.request("/api/v1/users").method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://anyone.example", "Access-Control-Request-Method", "GET");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    // ---- the insert: needs public.leads (added by the leads migration) ------------------------------

    @Test
    void aCapturedLeadLandsInTheKeysOrgOnlyWithNoOwner() {
        var r = post(key, SITE, valid());
        assertThat(r.status()).isEqualTo(201);
        UUID id = UUID.fromString(r.json().get("id").asString());
        var row = OwnerQueries.rows("select org_id, owner_id, assigned_agent_id, status, first_name, email from public.leads where id = ?", id).get(0);
        assertThat(row).containsEntry("org_id", org).containsEntry("status", "new").containsEntry("first_name", "Ada")
                .containsEntry("email", "ada@example.test");
        assertThat(row.get("owner_id")).isNull();
        assertThat(row.get("assigned_agent_id")).isNull();
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and action = 'create' and entity_type = 'lead'
                   and entity_id = ?""", org, id.toString())).hasSize(1);

        // Server-to-server (no Origin) with the other org's key lands in the other org.
        var other = post(otherKey, null, valid());
        assertThat(other.status()).isEqualTo(201);
        UUID otherId = UUID.fromString(other.json().get("id").asString());
        assertThat(OwnerQueries.one("select org_id from public.leads where id = ?", otherId)).isEqualTo(otherOrg);
        assertThat(OwnerQueries.one("select count(*) from public.leads where org_id = ?", org)).isEqualTo(1L);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String newKey(TestUser who, List<String> origins) {
        var r = http.post("/api/v1/form-keys", Map.of("allowed_origins", origins), "Authorization", who.bearer());
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("key").asString();
    }

    private Http.Response post(String formKey, String origin, Object body) {
        List<String> headers = new ArrayList<>(List.of("X-Form-Key", formKey));
        if (origin != null) {
            headers.addAll(List.of("Origin", origin));
        }
        return http.post(CAPTURE, body, headers.toArray(String[]::new));
    }

    private static Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_name", "Ada");
        m.put("last_name", "Lovelace");
        m.put("email", "Ada@Example.test");
        m.put("phone", "+14155550123");
        m.put("company", "Analytical Engines & Co");
        m.put("source", "landing page");
        m.put("notes", "Interested in a demo.\nPrefers mornings; budget < 5k.");
        return m;
    }
}
