package com.leadignite.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key decides nothing about who may do what: for both idempotent endpoints, every kind of caller
 * gets the same status with a key as without one (whatever the authorization matrix says that status
 * is), and a key value already used by the owner of a resource gets nobody else its answer.
 */
class IdempotencyAuthorizationTest extends TwoOrgTest {

    Map<String, TestUser> callers;
    UUID adminLead;

    @BeforeEach
    void setUp() {
        callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("user", user);
        callers.put("agent", agent);
        callers.put("other_org_admin", otherAdmin);
        callers.put("admin", admin);
        adminLead = CrmRows.lead(org, admin.id(), null, "Admin's lead");
    }

    Http.Response post(String path, Object body, TestUser who, String key) {
        List<String> headers = new ArrayList<>();
        if (who != null) {
            headers.addAll(List.of("Authorization", who.bearer()));
        }
        if (key != null) {
            headers.addAll(List.of(IdempotencyKey.HEADER, key));
        }
        return http.post(path, body, headers.toArray(String[]::new));
    }

    @Test
    void everyCallerGetsTheSameStatusWithAndWithoutAKey() {
        Map<String, Object> lead = Map.of("first_name", "Ada", "email", "ada@example.test");
        Map<String, Object> call = Map.of("direction", "outbound", "started_at", "2026-01-01T00:00:00Z");
        String calls = "/api/v1/leads/" + adminLead + "/calls";
        List<String> differences = new ArrayList<>();
        for (var e : callers.entrySet()) {
            for (var endpoint : List.of(Map.entry("/api/v1/leads", (Object) lead), Map.entry(calls, (Object) call))) {
                int without = post(endpoint.getKey(), endpoint.getValue(), e.getValue(), null).status();
                int with = post(endpoint.getKey(), endpoint.getValue(), e.getValue(), "k-" + UUID.randomUUID()).status();
                if (without != with) {
                    differences.add("POST " + endpoint.getKey() + " as " + e.getKey() + ": " + without + " without a key, " + with + " with one");
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void aKeyValueUsedByTheOwnerGetsOthersOnlyTheirOwnAnswer() {
        String key = "shared-" + UUID.randomUUID();
        Map<String, Object> call = Map.of("direction", "inbound", "started_at", "2026-01-01T00:00:00Z");
        String calls = "/api/v1/leads/" + adminLead + "/calls";
        var owners = post(calls, call, callers.get("admin"), key);
        assertThat(owners.status()).isEqualTo(201);
        String callId = owners.json().get("id").asString();
        for (String who : List.of("anonymous", "user", "agent", "other_org_admin")) {
            var r = post(calls, call, callers.get(who), key);
            assertThat(r.status()).as(who).isEqualTo(who.equals("anonymous") ? 401 : 404);
            assertThat(r.body()).as(who).doesNotContain(callId).doesNotContain("\"lead_id\"");
            assertThat(r.header(IdempotentRequests.REPLAYED_HEADER)).as(who).isNull();
        }
        assertThat(CrmRows.ownerCount("select count(*) from public.calls where lead_id = ?", adminLead)).isEqualTo(1);
    }
}
