package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The session check runs inside the request's own transaction, or on its own when a request answers
 * without one: either way a dead session gets 401 on its very next request, whatever it asks for and
 * however malformed, and a role change applies to the very next request.
 */
class SessionCheckedEveryRequestTest extends TwoOrgTest {

    private Http.Response get(Fixtures.TestUser u, String path) {
        return http.get(path, "Authorization", u.bearer());
    }

    private Map<String, Http.Response> everyKindOfRequest(Fixtures.TestUser u, UUID lead) {
        return Map.of(
                "one lead", get(u, "/api/v1/leads/" + lead),
                "a list", get(u, "/api/v1/leads?size=20"),
                "a malformed id", get(u, "/api/v1/leads/not-a-uuid"),
                "a malformed query", get(u, "/api/v1/leads?size=abc"),
                "an unknown route", get(u, "/api/v1/no-such-thing"),
                "an admin-only read", get(u, "/api/v1/users"),
                "the account", get(u, "/auth/v1/user"),
                "an invalid write", http.post("/api/v1/leads", Map.of("first_name", ""), "Authorization", u.bearer()),
                "a valid write", http.post("/api/v1/leads", Map.of("first_name", "Ghost"), "Authorization", u.bearer()));
    }

    @Test
    void aRevokedSessionIsRefusedWhateverItAsks() {
        UUID lead = CrmRows.lead(org, agent.id(), agent.id(), "Seen");
        assertThat(get(agent, "/api/v1/leads/" + lead).status()).isEqualTo(200);
        assertThat(get(agent, "/api/v1/leads/not-a-uuid").status()).as("live: the id is the problem").isNotIn(401, 403);

        Fixtures.exec("update auth.sessions set revoked_at = now() where id = ?", agent.sessionId());

        everyKindOfRequest(agent, lead).forEach((what, r) -> {
            int expected = what.equals("the account") ? 403 : 401; // GoTrue's session_not_found
            assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(expected);
        });
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where org_id = ? and first_name = 'Ghost'", org))
                .isZero();
    }

    @Test
    void aLockedUserIsRefusedOnTheVeryNextRead() {
        UUID lead = CrmRows.lead(org, user.id(), null, "Mine");
        assertThat(get(user, "/api/v1/leads/" + lead).status()).isEqualTo(200);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", user.id());
        assertThat(get(user, "/api/v1/leads/" + lead).status()).isEqualTo(401);
        assertThat(get(user, "/api/v1/leads").status()).isEqualTo(401);
    }

    @Test
    void aRoleChangeAppliesToTheVeryNextRequest() {
        UUID others = CrmRows.lead(org, admin.id(), null, "Admin's");
        assertThat(get(admin, "/api/v1/users").status()).isEqualTo(200);
        assertThat(get(admin, "/api/v1/leads/" + others).status()).isEqualTo(200);
        Fixtures.exec("update auth.users set role = 'user' where id = ?", admin.id());
        assertThat(get(admin, "/api/v1/users").status()).isEqualTo(403);
        // As a user, the admin's own lead stays visible (owner) and nothing else is.
        UUID agents = CrmRows.lead(org, agent.id(), agent.id(), "Agent's");
        assertThat(get(admin, "/api/v1/leads/" + agents).status()).isEqualTo(404);
    }
}
