package com.leadignite.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replay is answered only to a caller who would be allowed the request now: authentication, role and
 * visibility are checked exactly as for a fresh request, so a change of permissions between the first
 * request and its retry is never bypassed by the stored answer.
 */
class IdempotencyReplayChecksTest extends TwoOrgTest {

    static final Map<String, Object> CALL = Map.of("direction", "outbound", "started_at", "2026-01-01T00:00:00Z");

    static String key() {
        return "replay-" + UUID.randomUUID();
    }

    Http.Response post(String path, Object body, String bearer, String key) {
        return http.post(path, body, "Authorization", bearer, IdempotencyKey.HEADER, key);
    }

    static String calls(UUID lead) {
        return "/api/v1/leads/" + lead + "/calls";
    }

    static long callsOn(UUID lead) {
        return CrmRows.ownerCount("select count(*) from public.calls where lead_id = ?", lead);
    }

    /** A fresh session (the old one may have been revoked) and a token for the user as the database now has them. */
    String bearerNow(UUID userId, UUID orgId, String role, String email) {
        return "Bearer " + fixtures.token(userId, orgId, role, email, fixtures.newSession(userId), Instant.now());
    }

    @Test
    void anAgentUnassignedFromTheLeadGetsA404NotTheStoredAnswer() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        String key = key();
        var first = post(calls(lead), CALL, agent.bearer(), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(http.post("/api/v1/leads/" + lead + "/assign", java.util.Collections.singletonMap("agent_id", null),
                "Authorization", admin.bearer()).status()).isEqualTo(200);

        var replay = post(calls(lead), CALL, agent.bearer(), key);
        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(replay.body()).doesNotContain(first.json().get("id").asString());
        // Nor does another body with the same key tell them anything beyond the 404.
        var reused = post(calls(lead), Map.of("direction", "inbound", "started_at", "2026-01-01T00:00:00Z"), agent.bearer(), key);
        assertThat(reused.status()).isEqualTo(404);
        assertThat(callsOn(lead)).isEqualTo(1);
        assertThat(CrmRows.ownerCount("""
                select count(*) from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                   and entity_id = ?""", org, agent.id(), lead.toString())).isEqualTo(2);
        // Assigned again, the same retry is the stored answer once more.
        assertThat(http.post("/api/v1/leads/" + lead + "/assign", Map.of("agent_id", agent.id().toString()),
                "Authorization", admin.bearer()).status()).isEqualTo(200);
        var again = post(calls(lead), CALL, agent.bearer(), key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void aReplayAfterARoleChangeIsCheckedForTheNewRole() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        String key = key();
        assertThat(post(calls(lead), CALL, agent.bearer(), key).status()).isEqualTo(201);
        assertThat(http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", "user"), "Authorization", admin.bearer())
                .status()).isEqualTo(200);

        assertThat(post(calls(lead), CALL, agent.bearer(), key).status()).as("old token, revoked session").isEqualTo(401);
        var replay = post(calls(lead), CALL, bearerNow(agent.id(), org, "user", agent.email()), key);
        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(callsOn(lead)).isEqualTo(1);
    }

    @Test
    void aLockedUserGetsNoReplay() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        String key = key();
        assertThat(post(calls(lead), CALL, agent.bearer(), key).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/users/" + agent.id() + "/lock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(200);

        for (String bearer : new String[] {agent.bearer(), bearerNow(agent.id(), org, "agent", agent.email())}) {
            var replay = post(calls(lead), CALL, bearer, key);
            assertThat(replay.status()).isEqualTo(401);
            assertThat(replay.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        }
        var lead2 = post("/api/v1/leads", Map.of("first_name", "Ada"), agent.bearer(), key());
        assertThat(lead2.status()).isEqualTo(401);
    }

    @Test
    void aReplayAfterTheLeadWasDeletedIsA404() {
        UUID lead = CrmRows.lead(org, admin.id(), null, "Soon gone");
        String key = key();
        assertThat(post(calls(lead), CALL, admin.bearer(), key).status()).isEqualTo(201);
        assertThat(http.delete("/api/v1/leads/" + lead, "Authorization", admin.bearer()).status()).isEqualTo(204);

        var replay = post(calls(lead), CALL, admin.bearer(), key);
        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
    }

    @Test
    void afterMovingToAnotherOrgAKeyNeitherReplaysNorBreaksAnything() {
        Map<String, Object> body = Map.of("first_name", "Ada", "email", "ada@example.test");
        String key = key();
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        var first = post("/api/v1/leads", body, agent.bearer(), key);
        assertThat(first.status()).isEqualTo(201);
        String callKey = key();
        assertThat(post(calls(lead), CALL, agent.bearer(), callKey).status()).isEqualTo(201);

        // Moves happen only out of band (no API moves a user between orgs).
        Fixtures.exec("update auth.users set org_id = ? where id = ?", otherOrg, agent.id());
        String moved = bearerNow(agent.id(), otherOrg, "agent", agent.email());

        var again = post("/api/v1/leads", body, moved, key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(again.json().get("org_id").asString()).isEqualTo(otherOrg.toString());
        assertThat(again.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
        var replay = post("/api/v1/leads", body, moved, key);
        assertThat(replay.header(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(again.body());

        var call = post(calls(lead), CALL, moved, callKey);
        assertThat(call.status()).isEqualTo(404);
        assertThat(call.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(call.body()).doesNotContain(lead.toString() + "\"");
    }

    /**
     * A burst of refused retries, larger than the connection pool (10): each is checked and audited
     * without holding a pooled connection while waiting for another, so all get their 404 in time.
     */
    @Test
    void aBurstOfRefusedRetriesIsAnswered404WithoutExhaustingThePool() throws Exception {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        String key = key();
        assertThat(post(calls(lead), CALL, agent.bearer(), key).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/leads/" + lead + "/assign", java.util.Collections.singletonMap("agent_id", null),
                "Authorization", admin.bearer()).status()).isEqualTo(200);

        int burst = 24;
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                answers.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return post(calls(lead), CALL, agent.bearer(), key);
                }));
            }
            go.countDown();
            for (Future<Http.Response> f : answers) {
                Http.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(callsOn(lead)).isEqualTo(1);
    }
}
