package com.leadignite.crm.org;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.token.AccessTokenIssuer;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET/PATCH /api/v1/org} and the org's {@code require_mfa} (API.md §2): members read their own org
 * only; admins change it with step-up, audited; with {@code require_mfa} every {@code /api/v1} call of the
 * org's admins needs an aal2 token, while the factor endpoints stay open to them and nobody else changes.
 */
@IntegrationTest
class OrgApiTest extends TwoOrgTest {

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    AccessTokenIssuer issuer;

    private String aal2Bearer(TestUser u) {
        return "Bearer " + issuer.issue(new AccessTokenIssuer.Subject(u.id(), u.orgId(), u.role(), u.email(), "email", Map.of(),
                u.sessionId(), List.of(new AccessTokenIssuer.AmrEntry("totp", Instant.now().getEpochSecond()),
                new AccessTokenIssuer.AmrEntry("password", Instant.now().getEpochSecond())), AccessTokenIssuer.AAL2)).token();
    }

    @Test
    void everyMemberReadsTheirOwnOrgOnly() {
        for (TestUser u : List.of(admin, agent, user)) {
            Http.Response r = http.get("/api/v1/org", "Authorization", u.bearer());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("id").asString()).isEqualTo(org.toString());
            assertThat(r.json().get("require_mfa").asBoolean()).isFalse();
            assertThat(r.json().propertyNames()).containsExactlyInAnyOrder("id", "name", "require_mfa");
        }
        assertThat(http.get("/api/v1/org", "Authorization", otherAdmin.bearer()).json().get("id").asString())
                .isEqualTo(otherOrg.toString());
        assertThat(http.get("/api/v1/org").status()).isEqualTo(401);
    }

    @Test
    void anAdminRenamesTheOrgWithStepUpAndItIsAudited() {
        Http.Response r = http.patch("/api/v1/org", Map.of("name", "  Renamed Org  "), "Authorization", admin.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asString()).isEqualTo("Renamed Org");
        assertThat(http.get("/api/v1/org", "Authorization", otherAdmin.bearer()).json().get("name").asString())
                .isNotEqualTo("Renamed Org");
        Object details = scalar("select details::text from public.audit_events where org_id = ? and action = 'org_update'", org);
        assertThat(String.valueOf(details)).contains("Renamed Org");

        for (TestUser u : List.of(agent, user)) {
            Http.Response denied = http.patch("/api/v1/org", Map.of("name", "Mine"), "Authorization", u.bearer());
            assertThat(denied.status()).isEqualTo(403);
        }
        TestUser stale = fixtures.user(org, "admin", Instant.now().minusSeconds(600));
        Http.Response staleR = http.patch("/api/v1/org", Map.of("require_mfa", true), "Authorization", stale.bearer());
        assertThat(staleR.status()).isEqualTo(403);
        assertThat(staleR.json().get("type").asString()).endsWith("/reauthentication-required");
        assertThat(http.get("/api/v1/org", "Authorization", admin.bearer()).json().get("require_mfa").asBoolean()).isFalse();
    }

    @Test
    void badBodiesAreRefusedByFieldName() {
        Map<String, Object> nullName = new LinkedHashMap<>();
        nullName.put("name", null);
        List<Object> bodies = List.of(Map.of("name", ""), Map.of("name", "x".repeat(101)), Map.of("name", 5),
                Map.of("require_mfa", "yes"), Map.of("require_mfa", 1), Map.of("id", org.toString()),
                Map.of("owner", "me"), nullName, List.of(), "text", Map.of("name", "a\u0000b"));
        for (Object body : bodies) {
            Http.Response r = http.patch("/api/v1/org", body, "Authorization", admin.bearer());
            assertThat(r.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(r.body()).doesNotContain("Exception", "SQL");
        }
    }

    @Test
    void requireMfaHoldsTheOrgsAdminsToAal2OnTheApiButNotOnTheFactorEndpoints() {
        Http.Response on = http.patch("/api/v1/org", Map.of("require_mfa", true), "Authorization", admin.bearer());
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().get("require_mfa").asBoolean()).isTrue();

        for (String path : List.of("/api/v1/org", "/api/v1/leads", "/api/v1/users")) {
            Http.Response r = http.get(path, "Authorization", admin.bearer());
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().get("type").asString()).endsWith("/mfa-required");
        }
        Http.Response write = http.post("/api/v1/leads", Map.of("first_name", "A"), "Authorization", admin.bearer());
        assertThat(write.status()).isEqualTo(403);
        // Agents and users of the org, and the other org's admin, are not affected.
        assertThat(http.get("/api/v1/leads", "Authorization", agent.bearer()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/leads", "Authorization", user.bearer()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/leads", "Authorization", otherAdmin.bearer()).status()).isEqualTo(200);
        // The admin can still enroll a factor.
        Http.Response enroll = http.post("/auth/v1/factors", Map.of("factor_type", "totp"), "Authorization", admin.bearer());
        assertThat(enroll.status()).as(enroll.body()).isEqualTo(200);
        assertThat(http.get("/auth/v1/user", "Authorization", admin.bearer()).status()).isEqualTo(200);
        // With aal2 the admin works again, including turning it off.
        String aal2 = aal2Bearer(admin);
        assertThat(http.get("/api/v1/leads", "Authorization", aal2).status()).isEqualTo(200);
        Http.Response off = http.patch("/api/v1/org", Map.of("require_mfa", false), "Authorization", aal2);
        assertThat(off.status()).isEqualTo(200);
        assertThat(http.get("/api/v1/leads", "Authorization", admin.bearer()).status()).isEqualTo(200);
        assertThat(scalar("select count(*) from public.audit_events where org_id = ? and action = 'access_denied'"
                + " and details->>'reason' = 'org_requires_mfa'", org)).isEqualTo(4L);
    }

    @Test
    void requireMfaComesBeforeWhatTheRequestWouldOtherwiseGet() {
        Fixtures.exec("update public.organizations set require_mfa = true where id = ?", org);
        java.util.UUID lead = java.util.UUID.randomUUID();
        Fixtures.exec("insert into public.leads (id, org_id, owner_id, first_name) values (?, ?, ?, 'Mfa')", lead, org, admin.id());
        // A read refused by its first transaction's first statement, a bad parameter or id, an unknown
        // record, a write: all 403 mfa-required, each reported once.
        for (String path : List.of("/api/v1/leads/" + lead, "/api/v1/leads?size=abc", "/api/v1/leads/not-a-uuid",
                "/api/v1/leads/" + java.util.UUID.randomUUID(), "/api/v1/leads/" + lead + "/calls")) {
            Http.Response r = http.get(path, "Authorization", admin.bearer());
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().get("type").asString()).as(path).endsWith("/mfa-required");
        }
        Http.Response delete = http.delete("/api/v1/leads/" + lead, "Authorization", admin.bearer());
        assertThat(delete.status()).isEqualTo(403);
        assertThat(scalar("select count(*) from public.leads where id = ?", lead)).isEqualTo(1L);
        assertThat(scalar("select count(*) from public.audit_events where org_id = ? and action = 'access_denied'"
                + " and details->>'reason' = 'org_requires_mfa'", org)).isEqualTo(6L);
    }

    @Test
    void anAdminsReadTakesOneConnectionWhetherOrNotTheOrgRequiresMfa() {
        java.util.UUID lead = java.util.UUID.randomUUID();
        Fixtures.exec("insert into public.leads (id, org_id, owner_id, first_name) values (?, ?, ?, 'Mfa')", lead, org, admin.id());
        http.get("/api/v1/leads/" + lead, "Authorization", admin.bearer());
        long before = acquisitions();
        int reads = 20;
        for (int i = 0; i < reads; i++) {
            assertThat(http.get("/api/v1/leads/" + lead, "Authorization", admin.bearer()).status()).isEqualTo(200);
        }
        // One transaction per read (its first statement checks the session and says whether the org
        // requires MFA); a check of its own would be a second. A few more for background jobs meanwhile.
        assertThat(acquisitions() - before).isBetween((long) reads, (long) reads + 8);
    }

    private long acquisitions() {
        return meters.find("hikaricp.connections.acquire").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    @Test
    void requireMfaFollowsARoleChangeAtOnce() {
        Fixtures.exec("update public.organizations set require_mfa = true where id = ?", org);
        assertThat(http.get("/api/v1/leads", "Authorization", agent.bearer()).status()).isEqualTo(200);
        // A promoted agent signs in again (role changes revoke sessions) and is then held to aal2.
        TestUser promoted = fixtures.user(org, "admin");
        assertThat(http.get("/api/v1/leads", "Authorization", promoted.bearer()).status()).isEqualTo(403);
        Fixtures.exec("update public.organizations set require_mfa = false where id = ?", org);
        assertThat(http.get("/api/v1/leads", "Authorization", promoted.bearer()).status()).isEqualTo(200);
    }

    private static Object scalar(String sql, Object... args) {
        try (var c = com.leadignite.support.TestDatabase.owner(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
