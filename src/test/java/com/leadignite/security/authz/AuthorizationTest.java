package com.leadignite.security.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.AuthenticatedUser.Role;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one authorization component: what each permission demands, and that every refusal it decides is
 * reported once, the same way, whichever feature asked (OWASP API1/API5).
 */
class AuthorizationTest extends TwoOrgTest {

    @Test
    void everyPermissionIsDenyByDefaultAndAdminsHoldThemAll() {
        for (Permission p : Permission.values()) {
            assertThat(p.grantedTo(Role.admin)).as(p.name()).isTrue();
            assertThat(p.entityType()).as(p.name()).matches("[a-z_]+");
        }
        assertThat(Permission.LEAD_DELETE.grantedTo(Role.agent)).isFalse();
        assertThat(Permission.LEAD_DELETE.needsStepUp()).isTrue();
        assertThat(Permission.CALL_DIAL.grantedTo(Role.agent)).isTrue();
        assertThat(Permission.CALL_DIAL.grantedTo(Role.user)).isFalse();
        assertThat(Permission.LEAD_READ.grantedTo(Role.user)).isTrue();
        assertThat(Permission.USER_READ.needsStepUp()).isFalse();
        assertThat(Permission.USER_ADMIN.needsStepUp()).isTrue();
    }

    @Test
    void aStaleSignInIsRefusedAndReportedOnEveryStepUpPermission() {
        TestUser stale = fixtures.user(org, "admin", Instant.now().minusSeconds(3600));
        Map<String, Http.Response> refused = Map.of(
                "webhook_endpoint", http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"),
                        "Authorization", stale.bearer()),
                "integration", http.get("/api/v1/integrations", "Authorization", stale.bearer()),
                "user", http.post("/api/v1/users/" + agent.id() + "/lock", null, "Authorization", stale.bearer()));
        refused.forEach((entity, r) -> {
            assertThat(r.status()).as(entity).isEqualTo(403);
            assertThat(r.json().get("type").asString()).as(entity).endsWith("/reauthentication-required");
        });
        assertThat(rows("""
                select entity_type from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                   and details->>'reason' = 'reauthentication_required' order by entity_type""", org, stale.id()))
                .containsExactly("integration", "user", "webhook_endpoint");
        assertThat(rows("select details->>'attempted' from public.audit_events where org_id = ? and actor_id = ?"
                + " and entity_type = 'webhook_endpoint'", org, stale.id())).containsExactly("create");
    }

    @Test
    void aRoleRefusalNamesTheRoleAndWhatWasAttempted() {
        TestUser someAgent = fixtures.user(org, "agent");
        assertThat(http.delete("/api/v1/integrations/vapi", "Authorization", someAgent.bearer()).status()).isEqualTo(403);
        assertThat(rows("""
                select details->>'reason' || ' ' || (details->>'role') || ' ' || (details->>'attempted') || ' ' || entity_id
                  from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'""", org, someAgent.id()))
                .containsExactly("role agent delete vapi");
    }

    @Test
    void aPathIdThatIsNoUuidIsReportedLikeAnUnknownIdOfItsKind() {
        TestUser someAgent = fixtures.user(org, "agent");
        Http.Response malformed = http.get("/api/v1/leads/not-a-uuid", "Authorization", someAgent.bearer());
        Http.Response unknown = http.get("/api/v1/leads/" + UUID.randomUUID(), "Authorization", someAgent.bearer());
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(rows("""
                select entity_type || ' ' || coalesce(entity_id, '-') || ' ' || (details->>'reason')
                  from public.audit_events where org_id = ? and actor_id = ? and action = 'access_denied'
                 order by entity_id nulls first""", org, someAgent.id()))
                .hasSize(2).first().isEqualTo("lead - not_found");
        // A query parameter of the wrong type is the caller's mistake in a named field, not a missing record.
        Http.Response badQuery = http.get("/api/v1/leads?page=x", "Authorization", someAgent.bearer());
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.body()).contains("\"page\"");
    }

    @Test
    void anUnknownWebhookEndpointIsReportedOnEveryRoute() {
        UUID unknown = UUID.randomUUID();
        assertThat(http.post("/api/v1/webhook-endpoints/" + unknown + "/rotate", null, "Authorization", admin.bearer())
                .status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/webhook-endpoints/" + unknown, "Authorization", admin.bearer()).status())
                .isEqualTo(404);
        assertThat(rows("""
                select details->>'reason' from public.audit_events where org_id = ? and action = 'access_denied'
                   and entity_type = 'webhook_endpoint' and entity_id = ?""", org, unknown.toString()))
                .containsExactly("not_found", "not_found");
    }

    private static List<String> rows(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
