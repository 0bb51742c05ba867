package com.leadignite.crm.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Assistant endpoints: field rules, PATCH semantics, delete keeps calls, audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssistantApiTest extends TwoOrgTest {

    Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "Front desk");
        m.put("provider", "elevenlabs");
        m.put("voice_id", "voice-123");
        m.put("system_prompt", "You are polite.\nAlways confirm the appointment.");
        m.put("external_id", "agent_abc");
        return m;
    }

    Http.Response post(Object body) {
        return http.post("/api/v1/assistants", body, "Authorization", admin.bearer());
    }

    @Test
    void crudWithAudit() {
        var r = post(valid());
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(r.header("Location")).isEqualTo("/api/v1/assistants/" + id);
        assertThat(r.json().get("system_prompt").asString()).contains("\n");

        var m = new LinkedHashMap<String, Object>();
        m.put("voice_id", null);
        m.put("name", "Renamed");
        var p = http.patch("/api/v1/assistants/" + id, m, "Authorization", admin.bearer());
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.json().get("voice_id").isNull()).isTrue();
        assertThat(p.json().get("provider").asString()).isEqualTo("elevenlabs");
        assertThat(p.json().get("name").asString()).isEqualTo("Renamed");

        UUID lead = CrmRows.lead(org, admin.id(), null, "L");
        String call = http.post("/api/v1/leads/" + lead + "/calls", Map.of("direction", "inbound",
                "started_at", "2026-01-01T00:00:00Z", "assistant_id", id), "Authorization", admin.bearer()).json().get("id").asString();
        assertThat(http.delete("/api/v1/assistants/" + id, "Authorization", admin.bearer()).status()).isEqualTo(204);
        var c = http.get("/api/v1/calls/" + call, "Authorization", admin.bearer());
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().get("assistant_id").isNull()).isTrue();
        assertThat(http.get("/api/v1/assistants/" + id, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_type = 'assistant' and entity_id = ? and action in ('create','update','delete')", id))
                .isEqualTo(3);
        String update = CrmRows.ownerString("select details::text from public.audit_events where entity_id = ? and action = 'update'", id);
        assertThat(update).contains("\"name\"").contains("Renamed").contains("voice_id").doesNotContain("You are polite");
    }

    @Test
    void fieldRules() {
        Object[][] bad = {{"name", ""}, {"name", "n".repeat(101)}, {"name", null}, {"name", 5}, {"provider", "openai"},
                {"provider", "VAPI"}, {"provider", null}, {"voice_id", "v".repeat(101)}, {"system_prompt", "p".repeat(20001)},
                {"external_id", "e".repeat(201)}, {"external_id", "tab\tinside"}, {"id", UUID.randomUUID().toString()},
                {"org_id", UUID.randomUUID().toString()}, {"created_at", "2026-01-01T00:00:00Z"}, {"api_key", "sk-123"}};
        for (Object[] b : bad) {
            var m = valid();
            m.put((String) b[0], b[1]);
            var r = post(m);
            assertThat(r.status()).as(b[0] + "=" + b[1]).isEqualTo(400);
            assertThat(r.body()).as(b[0] + "=" + b[1]).contains("\"field\":\"" + b[0] + "\"");
        }
        var m = valid();
        m.put("name", "n".repeat(100));
        m.put("system_prompt", "p".repeat(20000));
        m.put("external_id", "e".repeat(200));
        m.put("provider", "vapi");
        assertThat(post(m).status()).isEqualTo(201);
        for (String q : new String[] {"size=0", "size=101", "page=-1", "sort=provider", "sort=name,sideways"}) {
            assertThat(http.get("/api/v1/assistants?" + q, "Authorization", user.bearer()).status()).as(q).isEqualTo(400);
        }
        assertThat(http.get("/api/v1/assistants?sort=name,asc&size=100", "Authorization", user.bearer()).status()).isEqualTo(200);
    }
}
