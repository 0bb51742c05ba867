package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.Duration;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class SignInAndRefreshTest {

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
    void passwordSignInReturnsASessionWithAFreshPasswordAmrAndIsAudited() throws Exception {
        String email = AuthTestClient.email("signin");
        JsonNode signUp = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        long signUpAmr = SignUpTest.claims(signUp.get("access_token").asString()).get("amr").get(0).get("timestamp").asLong();
        // amr timestamps are whole seconds: wait for the next one so the sign-in's is newer
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> Instant.now().getEpochSecond() > signUpAmr);

        Http.Response r = auth.signIn(email.toUpperCase(), AuthTestClient.PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.get("user").get("email").asString()).isEqualTo(email);
        JsonNode claims = SignUpTest.claims(s.get("access_token").asString());
        assertThat(claims.get("amr").get(0).get("timestamp").asLong()).isGreaterThan(signUpAmr);
        assertThat(claims.get("session_id").asString())
                .isNotEqualTo(SignUpTest.claims(signUp.get("access_token").asString()).get("session_id").asString());
        assertThat(AuthTestClient.audit("org_id = ? and action = 'sign_in'", AuthTestClient.orgOf(s)))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("entity_type")).isEqualTo("session");
                    assertThat(a.get("entity_id")).isEqualTo(claims.get("session_id").asString());
                });
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswerAndAreAuditedWithoutThePassword() {
        String email = AuthTestClient.email("victim");
        JsonNode s = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        String unknownEmail = AuthTestClient.email("nobody");
        String wrongPassword = "Wrong-Guess-Password-77";

        Http.Response wrong = auth.signIn(email, wrongPassword);
        Http.Response unknown = auth.signIn(unknownEmail, wrongPassword);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.json().get("error_code").asString()).isEqualTo("invalid_credentials");
        assertThat(wrong.header("x-sb-error-code")).isEqualTo(unknown.header("x-sb-error-code")).isEqualTo("invalid_credentials");

        var failures = AuthTestClient.audit("action = 'sign_in_failed' and (org_id = ? or (org_id is null and details->>'reason' = 'unknown_email'))",
                AuthTestClient.orgOf(s));
        assertThat(failures).anySatisfy(a -> {
            assertThat(a.get("org_id")).isEqualTo(AuthTestClient.orgOf(s).toString());
            assertThat(a.get("outcome")).isEqualTo("failure");
        });
        assertThat(failures).anySatisfy(a -> assertThat(a.get("org_id")).isNull());
        assertThat(failures).allSatisfy(a -> assertThat(a.get("details")).doesNotContain(wrongPassword));
    }

    @Test
    void anAdminLockedAccountGetsInvalidCredentialsEvenWithTheRightPassword() {
        String email = AuthTestClient.email("locked");
        JsonNode s = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", AuthTestClient.userOf(s));
        Http.Response r = auth.signIn(email, AuthTestClient.PASSWORD);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error_code").asString()).isEqualTo("invalid_credentials");
    }

    @Test
    void grantTypeMustBePasswordOrRefreshToken() {
        for (String q : new String[] {"?grant_type=client_credentials", "?grant_type=", ""}) {
            Http.Response r = auth.http.post("/auth/v1/token" + q, Map.of("email", "a@b.test", "password", "x"));
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
        }
        Http.Response unknownField = auth.http.post("/auth/v1/token?grant_type=password",
                Map.of("email", "a@b.test", "password", "x", "is_admin", true));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("msg").asString()).contains("is_admin");
    }

    @Test
    void refreshRotatesAndTheOldTokenIsDead() {
        JsonNode s = auth.signUpOrg();
        String first = s.get("refresh_token").asString();
        long amr = SignUpTest.claims(s.get("access_token").asString()).get("amr").get(0).get("timestamp").asLong();

        Http.Response r = auth.refresh(first);
        assertThat(r.status()).isEqualTo(200);
        JsonNode next = r.json();
        assertThat(next.get("refresh_token").asString()).isNotEqualTo(first);
        assertThat(next.get("access_token").asString()).isNotEqualTo(s.get("access_token").asString());
        JsonNode claims = SignUpTest.claims(next.get("access_token").asString());
        assertThat(claims.get("session_id").asString())
                .isEqualTo(SignUpTest.claims(s.get("access_token").asString()).get("session_id").asString());
        assertThat(claims.get("amr").get(0).get("timestamp").asLong()).as("refresh keeps the sign-in time").isEqualTo(amr);
        assertThat(auth.getUser(next.get("access_token").asString()).status()).isEqualTo(200);
        assertThat(AuthTestClient.audit("org_id = ? and action = 'refresh'", AuthTestClient.orgOf(s))).hasSize(1);

        assertThat(auth.refresh(next.get("refresh_token").asString()).status()).as("the new token rotates in turn").isEqualTo(200);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeSessionAtOnce() {
        JsonNode s = auth.signUpOrg();
        String first = s.get("refresh_token").asString();
        JsonNode next = auth.refresh(first).json();
        String access = next.get("access_token").asString();
        assertThat(auth.getUser(access).status()).isEqualTo(200);

        Http.Response reuse = auth.refresh(first);
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.json().get("error_code").asString()).isEqualTo("refresh_token_already_used");

        Http.Response afterwards = auth.getUser(access);
        assertThat(afterwards.status()).as("the session's access token stops working at once").isEqualTo(403);
        assertThat(afterwards.json().get("error_code").asString()).isEqualTo("session_not_found");
        Http.Response child = auth.refresh(next.get("refresh_token").asString());
        assertThat(child.status()).isEqualTo(400);
        assertThat(child.json().get("error_code").asString()).isEqualTo("session_not_found");

        assertThat(AuthTestClient.audit("org_id = ? and action = 'refresh_reuse'", AuthTestClient.orgOf(s)))
                .singleElement().satisfies(a -> assertThat(a.get("outcome")).isEqualTo("denied"));
    }

    @Test
    void unknownAndMalformedRefreshTokensAreNotFound() {
        for (String t : new String[] {"A".repeat(43), "short", "x".repeat(500)}) {
            Http.Response r = auth.refresh(t);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error_code").asString()).isEqualTo("refresh_token_not_found");
        }
        Http.Response empty = auth.refresh("");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error_code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void concurrentRefreshesOfOneTokenCannotBothSucceed() throws Exception {
        JsonNode s = auth.signUpOrg();
        String token = s.get("refresh_token").asString();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return auth.refresh(token).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(statuses.stream().filter(st -> st == 200).count()).as(statuses.toString()).isEqualTo(1);
        assertThat(AuthTestClient.scalar("select count(*) from auth.refresh_tokens where session_id = ?",
                UUID.fromString(SignUpTest.claims(s.get("access_token").asString()).get("session_id").asString())))
                .as("at most one child was minted").isIn(1L, 2L);
    }

    @Test
    void anExpiredOrRevokedSessionCannotBeRefreshed() {
        JsonNode a = auth.signUpOrg();
        UUID sa = UUID.fromString(SignUpTest.claims(a.get("access_token").asString()).get("session_id").asString());
        Fixtures.exec("update auth.sessions set not_after = now() - interval '1 second' where id = ?", sa);
        Http.Response expired = auth.refresh(a.get("refresh_token").asString());
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().get("error_code").asString()).isEqualTo("session_expired");

        JsonNode b = auth.signUpOrg();
        UUID sb = UUID.fromString(SignUpTest.claims(b.get("access_token").asString()).get("session_id").asString());
        Fixtures.exec("update auth.sessions set refreshed_at = now() - interval '25 hours' where id = ?", sb);
        Http.Response idle = auth.refresh(b.get("refresh_token").asString());
        assertThat(idle.json().get("error_code").asString()).as("inactivity timeout").isEqualTo("session_expired");

        JsonNode c = auth.signUpOrg();
        assertThat(auth.logout(c.get("access_token").asString(), "local").status()).isEqualTo(204);
        Http.Response revoked = auth.refresh(c.get("refresh_token").asString());
        assertThat(revoked.status()).isEqualTo(400);
        assertThat(revoked.json().get("error_code").asString()).isEqualTo("session_not_found");
    }
}
