package com.leadignite.crm.leads;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Lead endpoints: behaviour, field rules, server-set fields, PATCH semantics, paging and sorting. */
class LeadApiTest extends TwoOrgTest {

    static Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_name", "Ada");
        m.put("last_name", "Lovelace");
        m.put("email", "ada@example.com");
        m.put("phone", "+14155550123");
        m.put("company", "Analytical Engines");
        m.put("source", "referral");
        m.put("notes", "<p>Met at <b>conf</b></p>");
        return m;
    }

    static Map<String, Object> with(String k, Object v) {
        Map<String, Object> m = valid();
        m.put(k, v);
        return m;
    }

    Http.Response post(Object body) {
        return http.post("/api/v1/leads", body, "Authorization", user.bearer());
    }

    @Test
    void createReturns201WithLocationServerSetFieldsAndDefaultStatus() {
        var r = post(valid());
        assertThat(r.status()).isEqualTo(201);
        JsonNode j = r.json();
        assertThat(r.header("Location")).isEqualTo("/api/v1/leads/" + j.get("id").asString());
        assertThat(j.get("org_id").asString()).isEqualTo(org.toString());
        assertThat(j.get("owner_id").asString()).isEqualTo(user.id().toString());
        assertThat(j.get("assigned_agent_id").isNull()).isTrue();
        assertThat(j.get("status").asString()).isEqualTo("new");
        assertThat(j.get("first_name").asString()).isEqualTo("Ada");
        assertThat(j.has("created_at") && j.has("updated_at")).isTrue();
        assertThat(j.get("notes").asString()).isEqualTo("<p>Met at <b>conf</b></p>");
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where org_id = ? and action = 'create' and entity_type = 'lead' and entity_id = ?",
                org, j.get("id").asString())).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "org_id", "owner_id", "assigned_agent_id", "created_at", "updated_at"})
    void serverSetFieldsAreRejectedByName(String field) {
        Object value = field.endsWith("_at") ? Instant.now().toString() : UUID.randomUUID().toString();
        var r = post(with(field, value));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"" + field + "\"").contains("set by the server");
        var created = http.post("/api/v1/leads", valid(), "Authorization", user.bearer()).json().get("id").asString();
        var p = http.patch("/api/v1/leads/" + created, Map.of(field, value), "Authorization", user.bearer());
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void unknownFieldIsRejectedByName() {
        var r = post(with("role", "admin"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"role\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "first_name=", "first_name=   ", "first_name=#101", "last_name=#101", "company=#201", "source=#101",
            "notes=#10001", "email=not-an-email", "email=a b@example.com", "email=ada@", "phone=4155550123",
            "phone=+0155550123", "phone=+12345", "phone=+1234567890123456", "phone=+1 415 555 0123",
            "status=NEW", "status=won", "first_name=a\u0000b", "first_name=line\nbreak", "company=bad\u001bescape"})
    void fieldRulesAreEnforced(String spec) {
        String field = spec.substring(0, spec.indexOf('='));
        String raw = spec.substring(spec.indexOf('=') + 1);
        Object value = raw.startsWith("#") ? "x".repeat(Integer.parseInt(raw.substring(1))) : raw;
        var r = post(with(field, value));
        assertThat(r.status()).as(spec).isEqualTo(400);
        assertThat(r.body()).as(spec).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void jsonEscapedLoneSurrogatesAndNulAre400NotStored() {
        for (String raw : new String[] {"\\ud800", "x\\udc00y", "\\u0000"}) {
            var r = post("{\"first_name\":\"A\",\"last_name\":\"" + raw + "\"}");
            assertThat(r.status()).as(raw).isEqualTo(400);
            assertThat(r.body()).contains("\"field\":\"last_name\"");
        }
    }

    @Test
    void boundaryValuesAreAccepted() {
        var m = valid();
        m.put("first_name", "x".repeat(100));
        m.put("last_name", "y".repeat(100));
        m.put("company", "c".repeat(200));
        m.put("source", "s".repeat(100));
        m.put("notes", "n".repeat(10000));
        m.put("phone", "+123456789012345");
        m.put("status", "converted");
        assertThat(post(m).status()).isEqualTo(201);
        assertThat(post(Map.of("first_name", "Only")).status()).isEqualTo(201);
    }

    @Test
    void wrongJsonTypesAndNonObjectsAre400() {
        assertThat(post(with("first_name", 123)).status()).isEqualTo(400);
        assertThat(post(with("phone", Map.of("a", 1))).status()).isEqualTo(400);
        assertThat(post("[1,2]").status()).isEqualTo(400);
        assertThat(post("\"text\"").status()).isEqualTo(400);
        assertThat(post("{\"first_name\":").status()).isEqualTo(400);
        assertThat(post(Map.of("last_name", "no first")).body()).contains("\"field\":\"first_name\"");
    }

    @Test
    void notesAreSanitized() {
        var r = post(with("notes", "<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>"
                + "<img src=x onerror=alert(1)><a href=\"https://ok.example\">ok</a>"));
        assertThat(r.status()).isEqualTo(201);
        String notes = r.json().get("notes").asString();
        assertThat(notes).doesNotContain("<script", "javascript:", "onclick", "onerror", "<img");
        assertThat(notes).contains("href=\"https://ok.example\"").contains("rel=\"nofollow noopener\"");
    }

    @Test
    void patchChangesOnlyPresentFieldsAndNullClearsOptionalOnes() {
        String id = post(valid()).json().get("id").asString();
        var r = http.patch("/api/v1/leads/" + id, Map.of("status", "contacted"), "Authorization", user.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("contacted");
        assertThat(r.json().get("email").asString()).isEqualTo("ada@example.com");

        var m = new LinkedHashMap<String, Object>();
        m.put("email", null);
        r = http.patch("/api/v1/leads/" + id, m, "Authorization", user.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("email").isNull()).isTrue();
        assertThat(r.json().get("company").asString()).isEqualTo("Analytical Engines");

        for (String required : new String[] {"first_name", "status"}) {
            var n = new LinkedHashMap<String, Object>();
            n.put(required, null);
            var bad = http.patch("/api/v1/leads/" + id, n, "Authorization", user.bearer());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("\"field\":\"" + required + "\"");
        }
        String audit = CrmRows.ownerString("select details::text from public.audit_events where entity_id = ? and action = 'update' order by seq limit 1", id);
        assertThat(audit).contains("\"status\"").contains("\"before\": \"new\"").contains("\"after\": \"contacted\"");
    }

    @Test
    void listSearchesEscapesWildcardsFiltersAndSorts() {
        CrmRows.lead(org, admin.id(), null, "Zed");
        CrmRows.lead(org, admin.id(), null, "100% Ann");
        CrmRows.lead(org, admin.id(), agent.id(), "Anna_Assigned");
        CrmRows.lead(otherOrg, otherAdmin.id(), null, "Ann other org");
        String a = admin.bearer();

        var all = http.get("/api/v1/leads?sort=first_name,asc", "Authorization", a).json();
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items").get(0).get("first_name").asString()).isEqualTo("100% Ann");

        assertThat(http.get("/api/v1/leads?q=ANN", "Authorization", a).json().get("total").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/leads?q=%25", "Authorization", a).json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/leads?q=_", "Authorization", a).json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/leads?assigned_to=" + agent.id(), "Authorization", a).json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/leads?status=new&size=1&page=1", "Authorization", a).json().get("items").size()).isEqualTo(1);
        assertThat(http.get("/api/v1/leads?status=won", "Authorization", a).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/leads?assigned_to=nope", "Authorization", a).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=101", "size=-1", "page=-1", "page=abc", "size=1.5",
            "sort=email", "sort=created_at,up", "sort=created_at;drop table leads", "sort=id", "sort=(select 1)",
            "page=99999999999999"})
    void pagingAndSortLimits(String query) {
        var r = http.get("/api/v1/leads?" + query.replace(" ", "%20").replace(";", "%3B"), "Authorization", admin.bearer());
        assertThat(r.status()).as(query).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=1", "size=100", "page=0", "sort=created_at", "sort=last_name,desc", "sort=company,asc",
            "sort=updated_at,asc", "sort=status,desc"})
    void pagingAndSortAccepted(String query) {
        assertThat(http.get("/api/v1/leads?" + query, "Authorization", admin.bearer()).status()).as(query).isEqualTo(200);
    }

    @Test
    void nonUuidIdIs404() {
        assertThat(http.get("/api/v1/leads/not-a-uuid", "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/leads/" + UUID.randomUUID(), "Authorization", admin.bearer()).status()).isEqualTo(404);
    }

    @Test
    void assignRequiresAnAgentOfTheSameOrg() {
        UUID lead = CrmRows.lead(org, admin.id(), null, "L");
        String path = "/api/v1/leads/" + lead + "/assign";
        String a = admin.bearer();
        for (UUID bad : new UUID[] {otherAgent().id(), user.id(), admin.id(), UUID.randomUUID()}) {
            var r = http.post(path, Map.of("agent_id", bad.toString()), "Authorization", a);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("\"field\":\"agent_id\"");
        }
        var ok = http.post(path, Map.of("agent_id", agent.id().toString()), "Authorization", a);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("assigned_agent_id").asString()).isEqualTo(agent.id().toString());
        assertThat(http.get("/api/v1/leads/" + lead, "Authorization", agent.bearer()).status()).isEqualTo(200);
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_id = ? and action = 'assign'", lead.toString())).isEqualTo(1);
        var m = new LinkedHashMap<String, Object>();
        m.put("agent_id", null);
        assertThat(http.post(path, m, "Authorization", a).json().get("assigned_agent_id").isNull()).isTrue();
        assertThat(http.post(path, Map.of(), "Authorization", a).status()).isEqualTo(400);
    }

    @Test
    void deleteNeedsStepUpAndCascadesCalls() {
        UUID lead = CrmRows.lead(org, admin.id(), null, "Del");
        CrmRows.call(org, lead, admin.id());
        String stale = "Bearer " + fixtures.token(admin.id(), org, "admin", admin.email(), admin.sessionId(),
                Instant.now().minusSeconds(3600));
        var r = http.delete("/api/v1/leads/" + lead, "Authorization", stale);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("reauthentication-required");
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where id = ?", lead)).isEqualTo(1);

        assertThat(http.delete("/api/v1/leads/" + lead, "Authorization", admin.bearer()).status()).isEqualTo(204);
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where id = ?", lead)).isZero();
        assertThat(CrmRows.ownerCount("select count(*) from public.calls where lead_id = ?", lead)).isZero();
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_id = ? and action = 'delete'", lead.toString())).isEqualTo(1);
    }
}
