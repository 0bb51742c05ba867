package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.CapturedReauthenticationNonces;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.nimbusds.jwt.SignedJWT;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * GoTrue's {@code GET /reauthenticate} + {@code PUT /user {password, nonce}}: the code stands in for a
 * recent sign-in, is bound to its session and user, expires, works once (also under a race), and a
 * session gets five wrong codes in all.
 */
@IntegrationTest
class ReauthenticationNonceTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    CapturedReauthenticationNonces mailbox;
    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    /** A signed-up user whose token's password sign-in is an hour old (step-up needed). */
    private record Account(String email, UUID id, UUID org, UUID session, String staleToken, String freshToken) {
    }

    private Account account() throws Exception {
        String email = AuthTestClient.email("reauth");
        JsonNode s = auth.signUpOrg(email, AuthTestClient.PASSWORD);
        String fresh = s.get("access_token").asString();
        UUID id = UUID.fromString(s.get("user").get("id").asString());
        UUID org = UUID.fromString(s.get("user").get("app_metadata").get("org_id").asString());
        UUID session = UUID.fromString(SignedJWT.parse(fresh).getJWTClaimsSet().getStringClaim("session_id"));
        String stale = fixtures.token(id, org, "admin", email, session, Instant.now().minusSeconds(3600));
        return new Account(email, id, org, session, stale, fresh);
    }

    private void requestNonce(String token) {
        Http.Response r = auth.http.get("/auth/v1/reauthenticate", "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().size()).isZero();
        assertThat(r.header("Cache-Control")).contains("no-store");
    }

    private String nonceOf(Account a) {
        return mailbox.last(a.email()).orElseThrow();
    }

    private static String other(String nonce) {
        return String.format("%06d", (Integer.parseInt(nonce) + 1) % 1_000_000);
    }

    private static void assertNotValid(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("x-sb-error-code")).isEqualTo("reauthentication_not_valid");
    }

    @Test
    void theNonceStandsInForARecentSignInOnce() throws Exception {
        Account a = account();
        String pw2 = "Harbor-Lantern-Quartz-77";
        Http.Response refused = auth.putUser(a.staleToken(), Map.of("password", pw2));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("x-sb-error-code")).isEqualTo("reauthentication_needed");

        requestNonce(a.staleToken());
        String nonce = nonceOf(a);
        assertThat(nonce).matches("\\d{6}");
        assertNotValid(auth.putUser(a.staleToken(), Map.of("password", pw2, "nonce", other(nonce))));
        // a weak password is refused before the code is looked at, and leaves it usable
        assertThat(auth.putUser(a.staleToken(), Map.of("password", "short", "nonce", nonce)).status()).isEqualTo(422);

        Http.Response ok = auth.putUser(a.staleToken(), Map.of("password", pw2, "nonce", nonce));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(auth.signIn(a.email(), pw2).status()).isEqualTo(200);
        assertThat(auth.signIn(a.email(), AuthTestClient.PASSWORD).status()).isEqualTo(400);
        // used up: a replay is refused, also with a fresh sign-in behind the token (a nonce sent is checked)
        assertNotValid(auth.putUser(a.staleToken(), Map.of("password", "Meadow-Copper-Violet-31", "nonce", nonce)));
        assertNotValid(auth.putUser(a.freshToken(), Map.of("password", "Meadow-Copper-Violet-31", "nonce", nonce)));
    }

    @Test
    void theNonceIsBoundToItsSessionAndUser() throws Exception {
        Account a = account();
        requestNonce(a.staleToken());
        String nonce = nonceOf(a);
        // the same user on another session
        UUID otherSession = fixtures.newSession(a.id());
        String otherToken = fixtures.token(a.id(), a.org(), "admin", a.email(), otherSession, Instant.now().minusSeconds(3600));
        assertNotValid(auth.putUser(otherToken, Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonce)));
        // another user altogether
        Account b = account();
        assertNotValid(auth.putUser(b.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonce)));
        // still good where it was issued
        assertThat(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonce)).status())
                .isEqualTo(200);
    }

    @Test
    void anExpiredNonceIsRefused() throws Exception {
        Account a = account();
        requestNonce(a.staleToken());
        String nonce = nonceOf(a);
        Fixtures.exec("update auth.reauthentication_nonces set expires_at = now() - interval '1 second' where session_id = ?",
                a.session());
        assertNotValid(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonce)));
        // a new code works again
        requestNonce(a.staleToken());
        assertThat(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonceOf(a))).status())
                .isEqualTo(200);
    }

    @Test
    void fiveWrongCodesEndTheSessionsCodesEvenNewOnes() throws Exception {
        Account a = account();
        requestNonce(a.staleToken());
        String nonce = nonceOf(a);
        for (Object wrong : new Object[] {other(nonce), "", "12345\u0000", "x".repeat(10_000), "\uD800"}) {
            assertNotValid(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", wrong)));
        }
        assertNotValid(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonce)));
        requestNonce(a.staleToken());
        assertNotValid(auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", nonceOf(a))));
        // not a string at all: a plain validation error
        Http.Response typed = auth.putUser(a.staleToken(), Map.of("password", "Harbor-Lantern-Quartz-77", "nonce", 123456));
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.header("x-sb-error-code")).isEqualTo("validation_failed");
    }

    @Test
    void twoRequestsRacingWithOneNonceChangeThePasswordOnce() throws Exception {
        Account a = account();
        requestNonce(a.staleToken());
        String nonce = nonceOf(a);
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String pw = "Racing-Password-" + i + "-Zebra";
                results.add(pool.submit(() -> {
                    start.await();
                    return auth.putUser(a.staleToken(), Map.of("password", pw, "nonce", nonce)).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutASessionThereIsNoCode() {
        Http.Response r = auth.http.get("/auth/v1/reauthenticate");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("x-sb-error-code")).isEqualTo("no_authorization");
        Http.Response p = auth.http.get("/auth/v1/reauthenticate", "Authorization", "Bearer sb_publishable_abc123");
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.header("x-sb-error-code")).isEqualTo("bad_jwt");
    }
}
