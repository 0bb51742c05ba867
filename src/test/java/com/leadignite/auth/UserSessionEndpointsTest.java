package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** GET/PUT /user, logout scopes, reauthenticate. */
@IntegrationTest
class UserSessionEndpointsTest {

    static final String NEW_PASSWORD = "Harbour-Lantern-Quartz-58";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    private static String access(JsonNode s) {
        return s.get("access_token").asString();
    }

    @Test
    void getUserReturnsTheUserObjectFromTheDatabase() {
        JsonNode s = auth.signUpOrg();
        Http.Response r = auth.getUser(access(s));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        JsonNode u = r.json();
        assertThat(u.get("id").asString()).isEqualTo(s.get("user").get("id").asString());
        assertThat(u.get("app_metadata").get("role").asString()).isEqualTo("admin");

        // Role changed in the database: the next read says so, whatever the token claims.
        Fixtures.exec("update auth.users set role = 'agent' where id = ?", AuthTestClient.userOf(s));
        assertThat(auth.getUser(access(s)).json().get("app_metadata").get("role").asString()).isEqualTo("agent");
    }

    /** Nothing proves the address at sign-up (no mail is sent yet), so it is not reported as confirmed. */
    @Test
    void theEmailIsNotReportedAsConfirmedUntilSomethingProvesIt() {
        JsonNode s = auth.signUpOrg();
        JsonNode fromUser = auth.getUser(access(s)).json();
        JsonNode fromSignIn = auth.signIn(s.get("user").get("email").asString(), AuthTestClient.PASSWORD).json().get("user");
        for (JsonNode u : new JsonNode[] {s.get("user"), fromUser, fromSignIn}) {
            assertThat(u.has("email_confirmed_at")).isTrue();
            assertThat(u.get("email_confirmed_at").isNull()).as(u.toString()).isTrue();
            assertThat(u.get("confirmed_at").isNull()).as(u.toString()).isTrue();
            assertThat(u.get("created_at").asString()).isNotBlank();
        }
    }

    @Test
    void dataUpdatesUserMetadataButNeverRoleOrOrg() {
        JsonNode s = auth.signUpOrg();
        Http.Response ok = auth.putUser(access(s), Map.of("data", Map.of("full_name", "New Name", "locale", "de")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user_metadata").get("full_name").asString()).isEqualTo("New Name");
        Map<String, Object> remove = new HashMap<>();
        remove.put("locale", null);
        assertThat(auth.putUser(access(s), Map.of("data", remove)).json().get("user_metadata").has("locale")).isFalse();

        Http.Response role = auth.putUser(access(s), Map.of("data", Map.of("role", "admin")));
        assertThat(role.status()).isEqualTo(400);
        assertThat(role.json().get("error_code").asString()).isEqualTo("validation_failed");

        Http.Response app = auth.putUser(access(s), Map.of("app_metadata", Map.of("role", "admin", "org_id", UUID.randomUUID())));
        assertThat(app.status()).isEqualTo(403);
        assertThat(app.json().get("error_code").asString()).isEqualTo("not_admin");

        Http.Response unknown = auth.putUser(access(s), Map.of("org_id", UUID.randomUUID()));
        assertThat(unknown.status()).isEqualTo(400);

        assertThat(AuthTestClient.scalar("select role from auth.users where id = ?", AuthTestClient.userOf(s))).isEqualTo("admin");
        assertThat(AuthTestClient.audit("org_id = ? and action = 'update' and entity_type = 'user'", AuthTestClient.orgOf(s)))
                .hasSize(2);
    }

    @Test
    void aPasswordChangeNeedsARecentSignIn() {
        UUID org = fixtures.createOrg("Step-up org");
        auth.remember(org);
        var stale = fixtures.user(org, "user", Instant.now().minusSeconds(600));
        Http.Response r = auth.putUser(stale.token(), Map.of("password", NEW_PASSWORD));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error_code").asString()).isEqualTo("reauthentication_needed");
        assertThat(r.header("x-sb-error-code")).isEqualTo("reauthentication_needed");
        // metadata needs no step-up
        assertThat(auth.putUser(stale.token(), Map.of("data", Map.of("full_name", "Stale"))).status()).isEqualTo(200);
    }

    @Test
    void aPasswordChangeRevokesTheOtherSessionsAndTheNewPasswordSignsIn() {
        String email = AuthTestClient.email("changer");
        JsonNode first = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        JsonNode second = auth.signIn(email, AuthTestClient.PASSWORD).json();

        Http.Response weak = auth.putUser(access(second), Map.of("password", "password123"));
        assertThat(weak.status()).isEqualTo(422);
        Http.Response same = auth.putUser(access(second), Map.of("password", AuthTestClient.PASSWORD));
        assertThat(same.status()).isEqualTo(422);
        assertThat(same.json().get("error_code").asString()).isEqualTo("same_password");

        Http.Response changed = auth.putUser(access(second), Map.of("password", NEW_PASSWORD));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(auth.getUser(access(second)).status()).as("this session stays").isEqualTo(200);
        assertThat(auth.getUser(access(first)).status()).as("the other session is revoked").isEqualTo(403);
        assertThat(auth.refresh(first.get("refresh_token").asString()).status()).isEqualTo(400);

        assertThat(auth.signIn(email, AuthTestClient.PASSWORD).status()).isEqualTo(400);
        assertThat(auth.signIn(email, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(AuthTestClient.audit("org_id = ? and action = 'update'", AuthTestClient.orgOf(first)))
                .singleElement().satisfies(a -> assertThat(a.get("details")).contains("password").doesNotContain(NEW_PASSWORD));
    }

    private JsonNode[] threeSessions() {
        String email = AuthTestClient.email("scopes");
        JsonNode a = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        return new JsonNode[] {a, auth.signIn(email, AuthTestClient.PASSWORD).json(), auth.signIn(email, AuthTestClient.PASSWORD).json()};
    }

    private int userStatus(JsonNode s) {
        return auth.getUser(access(s)).status();
    }

    @Test
    void logoutScopes() {
        JsonNode[] s = threeSessions();
        assertThat(auth.logout(access(s[0]), "local").status()).isEqualTo(204);
        assertThat(new int[] {userStatus(s[0]), userStatus(s[1]), userStatus(s[2])}).containsExactly(403, 200, 200);

        assertThat(auth.logout(access(s[1]), "others").status()).isEqualTo(204);
        assertThat(new int[] {userStatus(s[1]), userStatus(s[2])}).containsExactly(200, 403);

        JsonNode[] t = threeSessions();
        assertThat(auth.logout(access(t[0]), null).status()).as("no scope means global").isEqualTo(204);
        assertThat(new int[] {userStatus(t[0]), userStatus(t[1]), userStatus(t[2])}).containsExactly(403, 403, 403);

        JsonNode[] g = threeSessions();
        assertThat(auth.logout(access(g[2]), "global").status()).isEqualTo(204);
        assertThat(new int[] {userStatus(g[0]), userStatus(g[1]), userStatus(g[2])}).containsExactly(403, 403, 403);

        JsonNode u = auth.signUpOrg();
        Http.Response bad = auth.logout(access(u), "everything");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error_code").asString()).isEqualTo("validation_failed");
        assertThat(userStatus(u)).isEqualTo(200);
        assertThat(AuthTestClient.audit("org_id = ? and action = 'logout'", AuthTestClient.orgOf(s[0]))).hasSize(2);
    }

    @Test
    void reauthenticateReplacesTheSessionWithOneCarryingAFreshPasswordAmr() throws Exception {
        UUID org = fixtures.createOrg("Reauth org");
        auth.remember(org);
        String email = AuthTestClient.email("reauth");
        JsonNode s = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        // An old sign-in: the token carries a 10-minute-old password amr, too old for a password change.
        var u = s.get("user");
        String staleToken = fixtures.token(AuthTestClient.userOf(s), AuthTestClient.orgOf(s), "admin", email,
                UUID.fromString(SignUpTest.claims(access(s)).get("session_id").asString()), Instant.now().minusSeconds(600));
        assertThat(auth.putUser(staleToken, Map.of("password", NEW_PASSWORD)).status()).isEqualTo(403);

        Http.Response wrong = auth.http.post("/auth/v1/reauthenticate", Map.of("password", "Not-The-Password-1"),
                "Authorization", "Bearer " + staleToken);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error_code").asString()).isEqualTo("invalid_credentials");

        Http.Response r = auth.http.post("/auth/v1/reauthenticate", Map.of("password", AuthTestClient.PASSWORD),
                "Authorization", "Bearer " + staleToken);
        assertThat(r.status()).isEqualTo(200);
        JsonNode fresh = r.json();
        JsonNode claims = SignUpTest.claims(access(fresh));
        assertThat(claims.get("sub").asString()).isEqualTo(u.get("id").asString());
        assertThat(claims.get("amr").get(0).get("timestamp").asLong()).isGreaterThan(Instant.now().getEpochSecond() - 30);
        assertThat(claims.get("session_id").asString()).isNotEqualTo(SignUpTest.claims(access(s)).get("session_id").asString());
        assertThat(auth.getUser(staleToken).status()).as("the old session is replaced").isEqualTo(403);

        assertThat(auth.putUser(access(fresh), Map.of("password", NEW_PASSWORD)).status()).isEqualTo(200);
        assertThat(AuthTestClient.audit("org_id = ? and action = 'reauthenticate'", AuthTestClient.orgOf(s)))
                .extracting(a -> a.get("outcome")).containsExactly("failure", "success");
    }
}
