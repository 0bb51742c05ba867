package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every CRM endpoint against every kind of caller: admin, agent and user of org A, the admin of org B,
 * and nobody. 403 = role not allowed, 404 = not visible (another org's record, or a same-org record
 * outside the caller's rows), 401 = no token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmRoleMatrixTest extends TwoOrgTest {

    UUID leadUser;     // owned by userA
    UUID leadAssigned; // owned by adminA, assigned to agentA
    UUID leadAdmin;    // owned by adminA
    UUID callUser;     // userA's call on leadUser
    UUID callAdmin;    // adminA's call on leadUser
    UUID assistant;
    UUID leadB;

    @BeforeAll
    void seed() {
        leadUser = CrmRows.lead(org, user.id(), null, "u");
        leadAssigned = CrmRows.lead(org, admin.id(), agent.id(), "as");
        leadAdmin = CrmRows.lead(org, admin.id(), null, "ad");
        callUser = CrmRows.call(org, leadUser, user.id());
        callAdmin = CrmRows.call(org, leadUser, admin.id());
        assistant = CrmRows.assistant(org, "bot");
        leadB = CrmRows.lead(otherOrg, otherAdmin.id(), null, "b");
    }

    record Row(String method, Supplier<String> path, Object body, int admin, int agent, int user, int otherOrgAdmin) {
    }

    static final Map<String, Object> LEAD = Map.of("first_name", "M");
    static final Map<String, Object> CALL = Map.of("direction", "outbound", "started_at", "2026-01-01T10:00:00Z");
    static final Map<String, Object> ASSISTANT = Map.of("name", "A", "provider", "vapi");

    List<Row> rows() {
        return List.of(
                new Row("GET", () -> "/api/v1/leads", null, 200, 200, 200, 200),
                new Row("POST", () -> "/api/v1/leads", LEAD, 201, 201, 201, 201),
                new Row("GET", () -> "/api/v1/leads/" + leadUser, null, 200, 404, 200, 404),
                new Row("GET", () -> "/api/v1/leads/" + leadAssigned, null, 200, 200, 404, 404),
                new Row("PATCH", () -> "/api/v1/leads/" + leadUser, Map.of("status", "contacted"), 200, 404, 200, 404),
                new Row("PATCH", () -> "/api/v1/leads/" + leadAssigned, Map.of("status", "qualified"), 200, 200, 404, 404),
                new Row("DELETE", () -> "/api/v1/leads/" + CrmRows.lead(org, user.id(), agent.id(), "d"), null, 204, 403, 403, 404),
                new Row("POST", () -> "/api/v1/leads/" + leadAdmin + "/assign", Map.of("agent_id", agent.id().toString()), 200, 403, 403, 404),
                new Row("GET", () -> "/api/v1/leads/" + leadUser + "/calls", null, 200, 404, 200, 404),
                new Row("POST", () -> "/api/v1/leads/" + leadUser + "/calls", CALL, 201, 404, 201, 404),
                new Row("POST", () -> "/api/v1/leads/" + leadAssigned + "/calls", CALL, 201, 201, 404, 404),
                new Row("GET", () -> "/api/v1/calls/" + callUser, null, 200, 404, 200, 404),
                new Row("GET", () -> "/api/v1/calls/" + callAdmin, null, 200, 404, 404, 404),
                new Row("GET", () -> "/api/v1/assistants", null, 200, 200, 200, 200),
                new Row("GET", () -> "/api/v1/assistants/" + assistant, null, 200, 200, 200, 404),
                new Row("POST", () -> "/api/v1/assistants", ASSISTANT, 201, 403, 403, 201),
                new Row("PATCH", () -> "/api/v1/assistants/" + assistant, Map.of("voice_id", "v1"), 200, 403, 403, 404),
                new Row("DELETE", () -> "/api/v1/assistants/" + CrmRows.assistant(org, "tmp"), null, 204, 403, 403, 404));
    }

    @TestFactory
    List<DynamicTest> matrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row r : rows()) {
            Object[][] callers = {{"admin", admin, r.admin()}, {"agent", agent, r.agent()}, {"user", user, r.user()},
                    {"other org admin", otherAdmin, r.otherOrgAdmin()}, {"no token", null, 401}};
            for (Object[] c : callers) {
                String name = r.method() + " " + r.path().get().replaceAll("[0-9a-f-]{36}", "{id}") + " as " + c[0];
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    String path = r.path().get();
                    TestUser u = (TestUser) c[1];
                    String[] headers = u == null ? new String[0] : new String[] {"Authorization", u.bearer()};
                    Http.Response resp = switch (r.method()) {
                        case "GET" -> http.get(path, headers);
                        case "POST" -> http.post(path, r.body(), headers);
                        case "PATCH" -> http.patch(path, r.body(), headers);
                        case "DELETE" -> http.delete(path, headers);
                        default -> throw new IllegalArgumentException(r.method());
                    };
                    assertThat(resp.status()).as(name + " -> " + resp.body()).isEqualTo((int) c[2]);
                    if (resp.status() == 401) {
                        assertThat(resp.header("WWW-Authenticate")).startsWith("Bearer");
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void anotherOrgsRecordAnswersExactlyLikeANonexistentOne() {
        var other = http.get("/api/v1/leads/" + leadB, "Authorization", admin.bearer());
        var none = http.get("/api/v1/leads/" + UUID.randomUUID(), "Authorization", admin.bearer());
        assertThat(other.status()).isEqualTo(404).isEqualTo(none.status());
        assertThat(other.body().replaceAll("[0-9a-f-]{36}", "ID")).isEqualTo(none.body().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(other.header("Content-Type")).isEqualTo(none.header("Content-Type"));
    }

    @Test
    void crossOrgAttemptsAndRoleDenialsAreAudited() {
        String crossOrg = """
                select count(*) from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                   and outcome = 'denied' and entity_id = ? and details->>'reason' = 'not_found'""";
        String probeInB = "select count(*) from public.audit_events where org_id = ? and entity_id = ?"
                + " and actor_id is null and details->>'reason' = 'cross_org_probe'";
        long crossBefore = CrmRows.ownerCount(crossOrg, org, admin.id(), leadB.toString());
        long probesBefore = CrmRows.ownerCount(probeInB, otherOrg, leadB.toString());
        assertThat(http.patch("/api/v1/leads/" + leadB, Map.of("status", "converted"), "Authorization", admin.bearer()).status())
                .isEqualTo(404);
        assertThat(CrmRows.ownerCount(crossOrg, org, admin.id(), leadB.toString())).isEqualTo(crossBefore + 1);
        assertThat(CrmRows.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");

        String roleDenials = """
                select count(*) from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                   and outcome = 'denied' and entity_type = 'assistant' and details->>'reason' = 'role'""";
        long before = CrmRows.ownerCount(roleDenials, org, user.id());
        assertThat(http.post("/api/v1/assistants", ASSISTANT, "Authorization", user.bearer()).status()).isEqualTo(403);
        assertThat(CrmRows.ownerCount(roleDenials, org, user.id())).isEqualTo(before + 1);
        // The targeted org's log records the probe of its lead, but not who of org A made it.
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where org_id = ? and actor_id in (?, ?)",
                otherOrg, admin.id(), user.id())).isZero();
        assertThat(CrmRows.ownerCount(probeInB, otherOrg, leadB.toString())).isEqualTo(probesBefore + 1);
    }

    @Test
    void adminOnlyWritesRefuseOtherRolesBeforeLookingAtTheBody() {
        Map<String, Object> invalid = Map.of("name", "", "provider", "nope", "id", "x");
        assertThat(http.post("/api/v1/assistants", invalid, "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.patch("/api/v1/assistants/" + assistant, invalid, "Authorization", user.bearer()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/leads/" + leadAssigned + "/assign", Map.of("agent_id", "x"), "Authorization", agent.bearer()).status())
                .isEqualTo(403);
    }
}
