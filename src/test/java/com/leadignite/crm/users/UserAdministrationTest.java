package com.leadignite.crm.users;

import java.time.Duration;
import com.leadignite.support.TwoOrgTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

class UserAdministrationTest extends TwoOrgTest {

    // ---- listing and reading -------------------------------------------------------------------

    @Test
    void adminListsOnlyOwnOrgPaginated() {
        var all = http.get("/api/v1/users", "Authorization", admin.bearer());
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("total").asLong()).isEqualTo(3);
        assertThat(ids(all.json())).containsExactlyInAnyOrder(admin.id().toString(), agent.id().toString(),
                user.id().toString());
        assertThat(all.body()).doesNotContain("encrypted_password").doesNotContain(otherAdmin.id().toString());

        var page = http.get("/api/v1/users?page=1&size=2&sort=email,asc", "Authorization", admin.bearer());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items").size()).isEqualTo(1);
        assertThat(page.json().get("page").asInt()).isEqualTo(1);
        assertThat(page.json().get("size").asInt()).isEqualTo(2);
        assertThat(page.json().get("total").asLong()).isEqualTo(3);
        // emails sort as agent-, admin-, user-: admin < agent < user, so page 1 of size 2 is the user
        assertThat(ids(page.json())).containsExactly(user.id().toString());
    }

    @Test
    void badPagingAndSortingAre400() {
        for (String q : List.of("size=0", "size=101", "page=-1", "sort=encrypted_password", "sort=email,sideways",
                "size=abc")) {
            assertThat(http.get("/api/v1/users?" + q, "Authorization", admin.bearer()).status()).as(q).isEqualTo(400);
        }
    }

    @Test
    void nonAdminsAreRefusedAndTheDenialIsAudited() {
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users", "Authorization", user.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users/" + admin.id(), "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users").status()).isEqualTo(401);
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                   and outcome = 'denied' and details->>'reason' = 'role'""", org, agent.id())).hasSize(2);
    }

    @Test
    void otherOrgsUserAnswersExactlyLikeANonexistentOne() {
        var foreign = http.get("/api/v1/users/" + otherAdmin.id(), "Authorization", admin.bearer());
        var missing = http.get("/api/v1/users/" + UUID.randomUUID(), "Authorization", admin.bearer());
        var notUuid = http.get("/api/v1/users/not-a-uuid", "Authorization", admin.bearer());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(notUuid.status()).isEqualTo(404);
        assertThat(strip(foreign.json())).isEqualTo(strip(missing.json()));
        // instance echoes the caller's own path; nothing else may name the record.
        assertThat(strip(foreign.json()).toString()).doesNotContain(otherAdmin.id().toString()).doesNotContain(otherAdmin.email());
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and action = 'access_denied' and outcome = 'denied'
                   and entity_id = ? and details->>'reason' = 'not_found'""", org, otherAdmin.id().toString())).hasSize(1);
        // Same for changes: the other org's admin cannot be touched by id.
        assertThat(http.post("/api/v1/users/" + otherAdmin.id() + "/lock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(404);
        assertThat(OwnerQueries.one("select locked_at from auth.users where id = ?", otherAdmin.id())).isNull();
    }

    @Test
    void userResourceIsReadable() {
        var r = http.get("/api/v1/users/" + agent.id(), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(agent.id().toString());
        assertThat(r.json().get("role").asString()).isEqualTo("agent");
        assertThat(r.json().get("email").asString()).isEqualTo(agent.email());
        assertThat(r.json().get("locked").asBoolean()).isFalse();
    }

    // ---- role change ---------------------------------------------------------------------------

    @Test
    void roleChangeRevokesTheTargetsSessionsAtOnceAndIsAudited() {
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(403); // token live
        var r = http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", "user"), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("role").asString()).isEqualTo("user");
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", agent.id())).isEqualTo("user");
        assertThat(OwnerQueries.one("select revoked_reason from auth.sessions where id = ?", agent.sessionId()))
                .isEqualTo("role_change");
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(401);
        // Other users' sessions are untouched.
        assertThat(http.get("/api/v1/users", "Authorization", admin.bearer()).status()).isEqualTo(200);

        var audit = OwnerQueries.rows("""
                select details->'before'->>'role' as before, details->'after'->>'role' as after, actor_id, outcome
                  from public.audit_events where org_id = ? and action = 'role_change' and entity_id = ?""",
                org, agent.id().toString());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("before", "agent").containsEntry("after", "user")
                .containsEntry("actor_id", admin.id()).containsEntry("outcome", "success");
    }

    @Test
    void nobodyChangesTheirOwnRole() {
        var r = http.patch("/api/v1/users/" + admin.id() + "/role", Map.of("role", "agent"), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", admin.id())).isEqualTo("admin");
        // A non-admin trying to promote themselves is refused before anything else.
        var self = http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", "admin"), "Authorization", agent.bearer());
        assertThat(self.status()).isEqualTo(403);
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", agent.id())).isEqualTo("agent");
    }

    @Test
    void roleChangeNeedsStepUp() {
        TestUser staleAdmin = fixtures.user(org, "admin", Instant.now().minusSeconds(600));
        var r = http.patch("/api/v1/users/" + agent.id() + "/role", Map.of("role", "admin"), "Authorization", staleAdmin.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asString()).endsWith("/reauthentication-required");
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", agent.id())).isEqualTo("agent");
        // Reading needs no step-up.
        assertThat(http.get("/api/v1/users", "Authorization", staleAdmin.bearer()).status()).isEqualTo(200);
    }

    @Test
    void roleBodyIsStrict() {
        String path = "/api/v1/users/" + agent.id() + "/role";
        assertThat(http.patch(path, Map.of("role", "owner"), "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.patch(path, Map.of(), "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(http.patch(path, Map.of("role", "admin", "org_id", otherOrg.toString()), "Authorization", admin.bearer())
                .status()).isEqualTo(400);
        assertThat(http.patch(path, "{not json", "Authorization", admin.bearer()).status()).isEqualTo(400);
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", agent.id())).isEqualTo("agent");
        assertThat(OwnerQueries.one("select org_id from auth.users where id = ?", agent.id())).isEqualTo(org);
    }

    /**
     * Two admins demoting each other at the same time must not leave the org without an admin. Here the
     * other admin's demotion of {@code admin} is committed while {@code admin}'s request to demote
     * {@code second} waits on the admin-row lock: after the lock, {@code second} is the last active admin.
     * Without the FOR UPDATE the request would read a stale snapshot and succeed.
     */
    @Test
    void theLastActiveAdminCannotBeDemotedEvenUnderConcurrency() throws Exception {
        TestUser second = fixtures.user(org, "admin");
        try (var owner = com.leadignite.support.TestDatabase.owner()) {
            owner.setAutoCommit(false);
            try (var ps = owner.prepareStatement("update auth.users set role = 'agent' where id = ?")) {
                ps.setObject(1, admin.id());
                ps.executeUpdate();
            }
            var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.patch(
                    "/api/v1/users/" + second.id() + "/role", Map.of("role", "agent"), "Authorization", admin.bearer()));
            awaitRuntimeBackendWaitingOnALock();
            owner.commit();
            var r = pending.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(409);
        }
        assertThat(OwnerQueries.one("select role from auth.users where id = ?", second.id())).isEqualTo("admin");
    }

    @Test
    void lockingTheOnlyOtherAdminIsAllowedButNeverTheLastOne() {
        TestUser second = fixtures.user(org, "admin");
        assertThat(http.post("/api/v1/users/" + second.id() + "/lock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(200);
        // admin is now the only active admin; the locked one cannot act, and admin cannot lock or demote self.
        assertThat(http.post("/api/v1/users/" + admin.id() + "/lock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(403);
        assertThat(OwnerQueries.one("select count(*) from auth.users where org_id = ? and role = 'admin' and locked_at is null", org))
                .isEqualTo(1L);
    }

    // ---- lock / unlock -------------------------------------------------------------------------

    @Test
    void lockEndsTheUsersAccessAtOnceAndUnlockRestoresSignIn() {
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(403);
        var locked = http.post("/api/v1/users/" + agent.id() + "/lock", null, "Authorization", admin.bearer());
        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.json().get("locked").asBoolean()).isTrue();
        assertThat(locked.json().get("locked_at").isNull()).isFalse();
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(401);
        assertThat(OwnerQueries.one("select revoked_reason from auth.sessions where id = ?", agent.sessionId()))
                .isEqualTo("locked");
        // Even a brand-new session of a locked user is refused.
        UUID fresh = fixtures.newSession(agent.id());
        String freshToken = fixtures.token(agent.id(), org, "agent", agent.email(), fresh, Instant.now());
        assertThat(http.get("/api/v1/users", "Authorization", "Bearer " + freshToken).status()).isEqualTo(401);

        var unlocked = http.post("/api/v1/users/" + agent.id() + "/unlock", null, "Authorization", admin.bearer());
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.json().get("locked").asBoolean()).isFalse();
        assertThat(http.get("/api/v1/users", "Authorization", "Bearer " + freshToken).status()).isEqualTo(403);
        // The session ended by the lock stays ended.
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(401);

        assertThat(OwnerQueries.rows("""
                select action from public.audit_events where org_id = ? and entity_id = ? and outcome = 'success'
                 order by seq""", org, agent.id().toString()))
                .extracting(m -> m.get("action")).containsExactly("lock", "unlock");
    }

    @Test
    void lockAndUnlockNeedAdminAndStepUpAndNeverSelf() {
        TestUser staleAdmin = fixtures.user(org, "admin", Instant.now().minusSeconds(600));
        for (String action : List.of("lock", "unlock")) {
            var stale = http.post("/api/v1/users/" + agent.id() + "/" + action, null, "Authorization", staleAdmin.bearer());
            assertThat(stale.status()).isEqualTo(403);
            assertThat(stale.json().get("type").asString()).endsWith("/reauthentication-required");
            assertThat(http.post("/api/v1/users/" + user.id() + "/" + action, null, "Authorization", agent.bearer()).status())
                    .isEqualTo(403);
            assertThat(http.post("/api/v1/users/" + admin.id() + "/" + action, null, "Authorization", admin.bearer()).status())
                    .isEqualTo(403);
        }
        assertThat(OwnerQueries.one("select locked_at from auth.users where id = ?", agent.id())).isNull();
        assertThat(OwnerQueries.one("select locked_at from auth.users where id = ?", admin.id())).isNull();
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and action = 'access_denied'
                   and details->>'reason' = 'reauthentication_required'""", org)).hasSize(2);
    }

    // ---- the database refuses on its own ---------------------------------------------------------

    @Test
    void databasePoliciesLimitAdminsToRoleAndLockOfOtherUsersInTheirOrg() throws Exception {
        String claims = "{\"sub\":\"" + admin.id() + "\",\"role\":\"authenticated\",\"app_metadata\":{\"org_id\":\""
                + org + "\",\"role\":\"admin\"}}";
        // Another org's user: invisible, nothing updated.
        assertThat(asRuntime(claims, "update auth.users set role = 'agent' where id = '" + otherAdmin.id() + "'")).isEqualTo(0);
        // Own role: refused by the guard trigger.
        assertThat(failsAsRuntime(claims, "update auth.users set role = 'agent' where id = '" + admin.id() + "'")).isTrue();
        // Anything but role/lock of a member: refused.
        assertThat(failsAsRuntime(claims, "update auth.users set email = 'x@example.test' where id = '" + agent.id() + "'")).isTrue();
        assertThat(failsAsRuntime(claims, "update auth.users set org_id = '" + otherOrg + "' where id = '" + agent.id() + "'")).isTrue();
        // Un-revoking a session: refused.
        Fixtures.exec("update auth.sessions set revoked_at = now() where id = ?", user.sessionId());
        assertThat(failsAsRuntime(claims, "update auth.sessions set revoked_at = null where id = '" + user.sessionId() + "'")).isTrue();
        // A non-admin member can do none of it.
        String agentClaims = claims.replace("\"role\":\"admin\"", "\"role\":\"agent\"").replace(admin.id().toString(), agent.id().toString());
        assertThat(asRuntime(agentClaims, "update auth.users set role = 'admin' where id = '" + user.id() + "'")).isEqualTo(0);
        assertThat(asRuntime(agentClaims, "update auth.sessions set revoked_at = now() where id = '" + admin.sessionId() + "'")).isEqualTo(0);
        // The legitimate admin change works.
        assertThat(asRuntime(claims, "update auth.users set role = 'user' where id = '" + agent.id() + "'")).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int asRuntime(String claims, String sql) throws Exception {
        try (var c = com.leadignite.support.TestDatabase.runtime()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
                ps.setString(1, claims);
                ps.execute();
            }
            try (var st = c.createStatement()) {
                int n = st.executeUpdate(sql);
                c.rollback();
                return n;
            }
        }
    }

    private static boolean failsAsRuntime(String claims, String sql) throws Exception {
        try {
            asRuntime(claims, sql);
            return false;
        } catch (java.sql.SQLException e) {
            return "42501".equals(e.getSQLState());
        }
    }

    private static void awaitRuntimeBackendWaitingOnALock() {
        await("the request waits on the admin-row lock").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ((Number) OwnerQueries.one("""
                        select count(*) from pg_stat_activity
                         where usename = 'leadignite_app' and wait_event_type = 'Lock' and datname = current_database()"""))
                        .longValue() > 0);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.get("items").forEach(n -> out.add(n.get("id").asString()));
        return out;
    }

    /** A problem body without the per-request fields. */
    private static Map<String, Object> strip(JsonNode problem) {
        Map<String, Object> m = new java.util.TreeMap<>();
        problem.properties().forEach(e -> {
            if (!e.getKey().equals("instance") && !e.getKey().equals("request_id")) {
                m.put(e.getKey(), e.getValue().toString());
            }
        });
        return m;
    }
}
