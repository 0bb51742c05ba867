package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Brute-force lockout through the real sign-in endpoint (API.md §2, §4). */
@IntegrationTest
class SignInLockoutTest {

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

    @Test
    void tenFailuresLockTheAccountSilentlyWithoutEndingItsSessionsAndAnAdminUnlockEndsTheLockout() {
        String ownerEmail = AuthTestClient.email("lock-owner");
        JsonNode owner = auth.signUpOrg(ownerEmail, AuthTestClient.PASSWORD);
        String victimEmail = AuthTestClient.email("lock-victim");
        UUID victimId = createMember(owner.get("access_token").asString(), victimEmail);
        JsonNode victimSession = auth.signIn(victimEmail, AuthTestClient.PASSWORD).json();

        for (int i = 0; i < 10; i++) {
            assertThat(auth.signIn(victimEmail, "wrong password " + i).status()).isEqualTo(400);
        }
        Http.Response locked = auth.signIn(victimEmail, AuthTestClient.PASSWORD);
        Http.Response unknown = auth.signIn(AuthTestClient.email("nobody"), AuthTestClient.PASSWORD);
        assertThat(locked.status()).as("even the right password is refused while locked").isEqualTo(400);
        assertThat(locked.body()).as("a locked account answers exactly like an unknown one").isEqualTo(unknown.body());
        assertThat(locked.header("x-sb-error-code")).isEqualTo("invalid_credentials");

        assertThat(auth.getUser(victimSession.get("access_token").asString()).status())
                .as("a brute-force lockout must not sign the victim out").isEqualTo(200);
        assertThat(AuthTestClient.audit("entity_id = ? and action = 'lock'", victimId.toString())).isNotEmpty();

        String adminToken = owner.get("access_token").asString();
        Http.Response unlock = auth.http.post("/api/v1/users/" + victimId + "/unlock", null,
                "Authorization", "Bearer " + adminToken);
        assertThat(unlock.status()).isEqualTo(200);
        assertThat(auth.signIn(victimEmail, AuthTestClient.PASSWORD).status()).as("unlock ends the lockout").isEqualTo(200);
    }

    /** A second account of the org, created through a real invitation. */
    private UUID createMember(String adminToken, String email) {
        Http.Response invite = auth.http.post("/api/v1/invitations", Map.of("email", email, "role", "agent"),
                "Authorization", "Bearer " + adminToken);
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        JsonNode session = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD,
                "data", Map.of("invite_token", invite.json().get("invite_token").asString()))).json();
        return UUID.fromString(session.get("user").get("id").asString());
    }
}
