package com.leadignite.crm.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lead is only ever assigned to an agent of its org (API.md §3 assign). Every transition that could
 * break that — a role change, a lock, a concurrent assignment — keeps the rule, so no later change of
 * the lead can run into the row-level security check that enforces it.
 */
class RoleChangeAssignmentsTest extends TwoOrgTest {

    private Http.Response patchLead(UUID lead, TestUser who) {
        return http.patch("/api/v1/leads/" + lead, Map.of("company", "Acme " + UUID.randomUUID()), "Authorization", who.bearer());
    }

    private static Object assignee(UUID lead) {
        return OwnerQueries.one("select assigned_agent_id from public.leads where id = ?", lead);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "admin"})
    void movingAnAgentToAnotherRoleClearsAndAuditsTheirAssignments(String newRole) {
        UUID adminsLead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        UUID usersLead = CrmRows.lead(org, user.id(), agent.id(), "User's, assigned");
        UUID othersLead = CrmRows.lead(org, admin.id(), null, "Unassigned");
        TestUser agent2 = fixtures.user(org, "agent");
        UUID keptLead = CrmRows.lead(org, admin.id(), agent2.id(), "Another agent's");

        var r = http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", newRole), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(200);

        assertThat(assignee(adminsLead)).isNull();
        assertThat(assignee(usersLead)).isNull();
        assertThat(assignee(othersLead)).isNull();
        assertThat(assignee(keptLead)).isEqualTo(agent2.id());
        for (UUID lead : List.of(adminsLead, usersLead)) {
            var audit = OwnerQueries.rows("""
                    select actor_id, outcome, details->'changes'->'assigned_agent_id'->>'before' as before,
                           details->'changes'->'assigned_agent_id'->>'after' as after, details->>'reason' as reason
                      from public.audit_events where org_id = ? and action = 'assign' and entity_id = ?""",
                    org, lead.toString());
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0)).containsEntry("actor_id", admin.id()).containsEntry("outcome", "success")
                    .containsEntry("before", agent.id().toString()).containsEntry("after", null)
                    .containsEntry("reason", "role_change");
        }
        assertThat(OwnerQueries.one("""
                select (details->>'assignments_cleared')::int from public.audit_events
                 where org_id = ? and action = 'role_change' and entity_id = ?""", org, agent.id().toString())).isEqualTo(2);

        // The admin keeps working on those leads, and so does their owner.
        assertThat(patchLead(adminsLead, admin).status()).isEqualTo(200);
        assertThat(patchLead(usersLead, admin).status()).isEqualTo(200);
        assertThat(patchLead(usersLead, user).status()).isEqualTo(200);
        // The former agent no longer sees the leads they were assigned.
        String token = fixtures.token(agent.id(), org, newRole, agent.email(), fixtures.newSession(agent.id()), java.time.Instant.now());
        int expected = "admin".equals(newRole) ? 200 : 404;
        assertThat(http.get("/api/v1/leads/" + adminsLead, "Authorization", "Bearer " + token).status()).isEqualTo(expected);
    }

    @Test
    void aRoleChangeThatKeepsTheAgentRoleKeepsTheAssignments() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        assertThat(http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", "agent"), "Authorization", admin.bearer())
                .status()).isEqualTo(200);
        assertThat(assignee(lead)).isEqualTo(agent.id());
    }

    @Test
    void lockingAnAgentKeepsTheirAssignmentsValidAndTheLeadsEditable() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        assertThat(http.post("/api/v1/users/" + agent.id() + "/lock", null, "Authorization", admin.bearer()).status()).isEqualTo(200);
        // Still an agent of the org: the assignment stays (an unlock resumes work) and the lead stays editable.
        assertThat(assignee(lead)).isEqualTo(agent.id());
        assertThat(patchLead(lead, admin).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/users/" + agent.id() + "/unlock", null, "Authorization", admin.bearer()).status()).isEqualTo(200);
        assertThat(patchLead(lead, admin).status()).isEqualTo(200);
    }

    @Test
    void aUserEditsTheirOwnLeadAfterAnAdminAssignedItToAnAgent() {
        var created = http.post("/api/v1/leads", Map.of("first_name", "Mine"), "Authorization", user.bearer());
        UUID lead = UUID.fromString(created.json().get("id").asString());
        assertThat(http.post("/api/v1/leads/" + lead + "/assign", Map.of("agent_id", agent.id().toString()),
                "Authorization", admin.bearer()).status()).isEqualTo(200);
        var r = patchLead(lead, user);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("assigned_agent_id").asString()).isEqualTo(agent.id().toString());
        // ...and the agent too.
        assertThat(patchLead(lead, agent).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/leads/" + lead + "/calls", Map.of("direction", "inbound", "started_at", "2026-01-01T00:00:00Z"),
                "Authorization", user.bearer()).status()).isEqualTo(201);
    }

    @Test
    void anAgentMovedToAnotherOrgOutOfBandMakesALeadChangeAClearProblemNotA500() {
        UUID lead = CrmRows.lead(org, admin.id(), agent.id(), "Assigned");
        Fixtures.exec("update auth.users set org_id = ? where id = ?", otherOrg, agent.id());
        var r = patchLead(lead, admin);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContainIgnoringCase("row-level").doesNotContainIgnoringCase("policy")
                .doesNotContainIgnoringCase("sql");
        Fixtures.exec("update auth.users set org_id = ? where id = ?", org, agent.id());
    }

    /**
     * An assignment racing the assignee's role change: whichever commits first, the lead ends up
     * unassigned or assigned to someone who is still an agent, and nobody gets a 500.
     */
    @Test
    void anAssignmentRacingTheAssigneesRoleChangeNeverLeavesANonAgentAssigned() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> problems = new ArrayList<>();
        try {
            for (int round = 0; round < 12; round++) {
                TestUser target = fixtures.user(org, "agent");
                UUID lead = CrmRows.lead(org, admin.id(), null, "Race " + round);
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> assign = pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return http.post("/api/v1/leads/" + lead + "/assign", Map.of("agent_id", target.id().toString()),
                            "Authorization", admin.bearer()).status();
                });
                Future<Integer> demote = pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return http.patch("/api/v1/users/" + target.id() + "/role", Map.of("role", "user"),
                            "Authorization", admin.bearer()).status();
                });
                go.countDown();
                int a = assign.get(30, TimeUnit.SECONDS);
                int d = demote.get(30, TimeUnit.SECONDS);
                if (d != 200 || (a != 200 && a != 400)) {
                    problems.add("round " + round + ": assign " + a + ", role change " + d);
                }
                if (assignee(lead) != null) {
                    problems.add("round " + round + ": lead left assigned to a user");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }
}
