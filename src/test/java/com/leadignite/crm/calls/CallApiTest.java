package com.leadignite.crm.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Call endpoints: field rules, server-set fields, same-org assistant, paging, audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallApiTest extends TwoOrgTest {

    UUID lead;
    UUID assistantA;
    UUID assistantB;

    @BeforeAll
    void seed() {
        lead = CrmRows.lead(org, agent.id(), null, "Caller");
        assistantA = CrmRows.assistant(org, "mine");
        assistantB = CrmRows.assistant(otherOrg, "theirs");
    }

    Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", "outbound");
        m.put("started_at", "2026-03-01T09:30:00Z");
        m.put("duration_seconds", 120);
        m.put("outcome", "answered");
        m.put("summary", "Talked about pricing.\nFollow up Friday.");
        m.put("assistant_id", assistantA.toString());
        m.put("recording_url", "https://recordings.example.com/r/1.mp3");
        return m;
    }

    Map<String, Object> with(String k, Object v) {
        var m = valid();
        m.put(k, v);
        return m;
    }

    Http.Response post(Object body) {
        return http.post("/api/v1/leads/" + lead + "/calls", body, "Authorization", agent.bearer());
    }

    @Test
    void createListAndGet() {
        var r = post(valid());
        assertThat(r.status()).isEqualTo(201);
        JsonNode j = r.json();
        String id = j.get("id").asString();
        assertThat(r.header("Location")).isEqualTo("/api/v1/calls/" + id);
        assertThat(j.get("lead_id").asString()).isEqualTo(lead.toString());
        assertThat(j.get("created_by").asString()).isEqualTo(agent.id().toString());
        assertThat(j.get("org_id").asString()).isEqualTo(org.toString());
        assertThat(j.get("external_id").isNull()).isTrue();
        assertThat(j.get("started_at").asString()).isEqualTo("2026-03-01T09:30:00Z");
        assertThat(http.get("/api/v1/calls/" + id, "Authorization", agent.bearer()).status()).isEqualTo(200);
        var list = http.get("/api/v1/leads/" + lead + "/calls?sort=duration_seconds,desc&size=5", "Authorization", agent.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("size").asInt()).isEqualTo(5);
        assertThat(list.json().get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_id = ? and action = 'create' and entity_type = 'call'", id)).isEqualTo(1);
        assertThat(post(Map.of("direction", "inbound", "started_at", "2026-03-01T09:30:00+02:00")).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "org_id", "lead_id", "created_by", "external_id", "created_at", "updated_at"})
    void serverSetFieldsAreRejected(String field) {
        var r = post(with(field, field.endsWith("_at") ? "2026-01-01T00:00:00Z" : UUID.randomUUID().toString()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void fieldRules() {
        Object[][] bad = {
                {"direction", "sideways"}, {"direction", "OUTBOUND"}, {"direction", null},
                {"started_at", "yesterday"}, {"started_at", "2026-03-01 09:30"}, {"started_at", "1999-12-31T23:59:59Z"},
                {"started_at", Instant.now().plus(3, ChronoUnit.DAYS).toString()}, {"started_at", "+999999999-12-31T23:59:59Z"},
                {"started_at", null}, {"started_at", 1700000000},
                {"duration_seconds", -1}, {"duration_seconds", 86401}, {"duration_seconds", 1.5}, {"duration_seconds", "60"},
                {"duration_seconds", new java.math.BigInteger("99999999999999999999999")},
                {"outcome", "hung_up"}, {"summary", "s".repeat(5001)}, {"summary", "bell\u0007"},
                {"assistant_id", "not-a-uuid"}, {"assistant_id", assistantB.toString()}, {"assistant_id", UUID.randomUUID().toString()},
                {"recording_url", "http://recordings.example.com/r.mp3"}, {"recording_url", "javascript:alert(1)"},
                {"recording_url", "https://user:pw@example.com/r.mp3"}, {"recording_url", "HTTPS://example.com/x"},
                {"recording_url", "https:///nohost"}, {"recording_url", "https://example.com/" + "a".repeat(2100)},
                {"recording_url", "ftp://example.com/r.mp3"}};
        for (Object[] b : bad) {
            var r = post(with((String) b[0], b[1]));
            assertThat(r.status()).as(b[0] + "=" + b[1]).isEqualTo(400);
            assertThat(r.body()).as(b[0] + "=" + b[1]).contains("\"field\":\"" + b[0] + "\"");
        }
    }

    @Test
    void boundariesAccepted() {
        assertThat(post(with("duration_seconds", 0)).status()).isEqualTo(201);
        assertThat(post(with("duration_seconds", 86400)).status()).isEqualTo(201);
        assertThat(post(with("summary", "s".repeat(5000))).status()).isEqualTo(201);
        for (String o : new String[] {"answered", "no_answer", "voicemail", "busy", "failed"}) {
            assertThat(post(with("outcome", o)).status()).isEqualTo(201);
        }
    }

    @Test
    void listPagingLimits() {
        for (String q : new String[] {"size=0", "size=101", "page=-1", "sort=summary", "sort=started_at,sideways"}) {
            assertThat(http.get("/api/v1/leads/" + lead + "/calls?" + q, "Authorization", agent.bearer()).status()).as(q).isEqualTo(400);
        }
        assertThat(http.get("/api/v1/leads/nope/calls", "Authorization", agent.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/calls/nope", "Authorization", agent.bearer()).status()).isEqualTo(404);
    }
}
