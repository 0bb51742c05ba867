package com.leadignite.crm.formkeys;

import com.leadignite.support.TwoOrgTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.users.OwnerQueries;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class FormKeyTest extends TwoOrgTest {

    static final String CAPTURE = "/api/v1/public/lead-capture";

    @Test
    void adminCreatesAKeyWithNormalizedOrigins() {
        var r = create(admin, List.of("HTTPS://WWW.Example.com:443", "https://shop.example.com:8443", "http://localhost:3000",
                "https://www.example.com"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("key").asString()).matches("lfk_[A-Za-z0-9_-]{32}");
        assertThat(r.header("Location")).isEqualTo("/api/v1/form-keys/" + r.json().get("id").asString());
        List<String> origins = new ArrayList<>();
        r.json().get("allowed_origins").forEach(n -> origins.add(n.asString()));
        assertThat(origins).containsExactly("https://www.example.com", "https://shop.example.com:8443", "http://localhost:3000");
        assertThat(OwnerQueries.one("select org_id from public.form_keys where id = ?", UUID.fromString(r.json().get("id").asString())))
                .isEqualTo(org);

        var list = http.get("/api/v1/form-keys", "Authorization", admin.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/form-keys", "Authorization", otherAdmin.bearer()).json().get("total").asLong()).isZero();

        // Audited without the key itself.
        var audit = OwnerQueries.rows("""
                select details::text as d from public.audit_events where org_id = ? and entity_type = 'form_key' and action = 'create'""", org);
        assertThat(audit).hasSize(1);
        assertThat((String) audit.get(0).get("d")).contains("https://www.example.com").doesNotContain(r.json().get("key").asString());
    }

    @Test
    void originsMustBeBareHttpsOriginsOrLocalhost() {
        for (String bad : List.of("https://example.com/", "https://example.com/form", "https://*.example.com", "*",
                "http://example.com", "ftp://example.com", "https://user@example.com", "https://example.com?x=1",
                "https://example.com#f", "null", "example.com", "https://exa mple.com", " https://example.com",
                "https://example.com:0", "https://example.com:70000", "javascript:alert(1)", "https://")) {
            assertThat(create(admin, List.of(bad)).status()).as(bad).isEqualTo(400);
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("https://s" + i + ".example.com");
        }
        assertThat(create(admin, many).status()).isEqualTo(400);
        assertThat(create(admin, many.subList(0, 20)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/form-keys", Map.of(), "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of(), "key", "lfk_" + "a".repeat(32)),
                "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of(), "org_id", otherOrg.toString()),
                "Authorization", admin.bearer()).status()).isEqualTo(400);
    }

    @Test
    void onlyAdminsManageKeys() {
        assertThat(create(agent, List.of("https://a.example.com")).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/form-keys", "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/form-keys").status()).isEqualTo(401);
        String id = create(admin, List.of()).json().get("id").asString();
        assertThat(http.delete("/api/v1/form-keys/" + id, "Authorization", agent.bearer()).status()).isEqualTo(403);
    }

    @Test
    void aDeletedKeyStopsWorkingAtOnce() {
        var created = create(admin, List.of("https://www.example.com"));
        String id = created.json().get("id").asString();
        String key = created.json().get("key").asString();
        // Live key: passes the key and origin checks and reaches validation.
        assertThat(capture(key, "https://www.example.com").status()).isEqualTo(400);

        assertThat(http.delete("/api/v1/form-keys/" + id, "Authorization", admin.bearer()).status()).isEqualTo(204);
        assertThat(capture(key, "https://www.example.com").status()).isEqualTo(401);
        assertThat(capture(key, null).status()).isEqualTo(401);
        assertThat(http.delete("/api/v1/form-keys/" + id, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/form-keys", "Authorization", admin.bearer()).json().get("total").asLong()).isZero();
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and entity_type = 'form_key' and action = 'delete'
                   and entity_id = ?""", org, id)).hasSize(1);
    }

    @Test
    void anotherOrgCannotDeleteAKey() {
        var created = create(admin, List.of());
        String id = created.json().get("id").asString();
        var foreign = http.delete("/api/v1/form-keys/" + id, "Authorization", otherAdmin.bearer());
        var missing = http.delete("/api/v1/form-keys/" + UUID.randomUUID(), "Authorization", otherAdmin.bearer());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("type").asString()).isEqualTo(missing.json().get("type").asString());
        assertThat(capture(created.json().get("key").asString(), null).status()).isEqualTo(400); // still live
        assertThat(OwnerQueries.one("select deleted_at from public.form_keys where id = ?", UUID.fromString(id))).isNull();
    }

    @Test
    void theRuntimeRoleCannotChangeAKeyBeyondDeletingIt() throws Exception {
        String id = create(admin, List.of("https://www.example.com")).json().get("id").asString();
        String claims = "{\"sub\":\"" + admin.id() + "\",\"role\":\"authenticated\",\"app_metadata\":{\"org_id\":\"" + org
                + "\",\"role\":\"admin\"}}";
        try (var c = com.leadignite.support.TestDatabase.runtime()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
                ps.setString(1, claims);
                ps.execute();
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("update public.form_keys set allowed_origins = '{https://evil.example}' where id = '" + id + "'");
                throw new AssertionError("origins must not be writable");
            } catch (java.sql.SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("42501");
            } finally {
                c.rollback();
            }
        }
    }

    private Http.Response create(TestUser who, List<String> origins) {
        return http.post("/api/v1/form-keys", Map.of("allowed_origins", origins), "Authorization", who.bearer());
    }

    /** A capture whose body fails validation: 400 proves the key (and origin) were accepted. */
    private Http.Response capture(String key, String origin) {
        List<String> headers = new ArrayList<>(List.of("X-Form-Key", key));
        if (origin != null) {
            headers.addAll(List.of("Origin", origin));
        }
        return http.post(CAPTURE, Map.of("last_name", "x"), headers.toArray(String[]::new));
    }
}
