package com.leadignite.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.leadignite.auth.mail.MailWorker;
import com.leadignite.support.Http;
import com.leadignite.support.LogCapture;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Recovery, confirmation and email change over real HTTP with a real SMTP server (GreenMail) on loopback:
 * mails are read from it, links and codes taken from them. Email confirmation is on (SMTP configured).
 */
class MailedFlowsTest extends LoopbackMail {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    /** A confirmed account (signed up, confirmed by its mailed code); returns its session. */
    JsonNode confirmedAccount(String address) {
        Http.Response up = http.post("/auth/v1/signup", Map.of("email", address, "password", PASSWORD,
                "data", Map.of("org_name", "Acme " + address)));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        String code = code(mailsTo(address, 1).get(0));
        Http.Response v = http.post("/auth/v1/verify", Map.of("type", "signup", "email", address, "token", code));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        return v.json();
    }

    Http.Response signIn(String address, String password) {
        return http.post("/auth/v1/token?grant_type=password", Map.of("email", address, "password", password));
    }

    @Test
    void signUpWithConfirmationReturnsTheUserWithoutASessionUntilTheMailedCodeIsEntered() {
        String address = email("confirm");
        Http.Response up = http.post("/auth/v1/signup", Map.of("email", address, "password", PASSWORD,
                "data", Map.of("org_name", "Acme")));
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().has("access_token")).isFalse();
        assertThat(up.json().get("email").asString()).isEqualTo(address);
        assertThat(up.json().get("email_confirmed_at").isNull()).isTrue();

        Http.Response early = signIn(address, PASSWORD);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().get("error_code").asString()).isEqualTo("email_not_confirmed");
        // A wrong password still says only invalid_credentials: the state is told to the password's owner alone.
        assertThat(signIn(address, NEW_PASSWORD).json().get("error_code").asString()).isEqualTo("invalid_credentials");

        MimeMessage mail = mailsTo(address, 1).get(0);
        assertThat(text(mail)).contains("type=signup");
        Http.Response v = http.post("/auth/v1/verify", Map.of("type", "signup", "token_hash", tokenHash(mail)));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        assertThat(v.json().get("user").get("email_confirmed_at").isNull()).isFalse();
        assertThat(signIn(address, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void recoveryMailsACodeThatGivesAFreshSessionRevokesTheOthersAndAllowsAPasswordChange() {
        String address = email("recover");
        JsonNode old = confirmedAccount(address);
        String oldAccess = old.get("access_token").asString();

        Http.Response r = http.post("/auth/v1/recover?redirect_to=https://app.example.test/auth/reset", Map.of("email", address));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        MimeMessage mail = mailsTo(address, 2).get(1);
        assertThat(text(mail)).contains("https://app.example.test/auth/reset?token_hash=").contains("type=recovery");

        Http.Response v = http.post("/auth/v1/verify", Map.of("type", "recovery", "email", address, "token", code(mail)));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        String access = v.json().get("access_token").asString();
        JsonNode claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        assertThat(claims.get("amr").get(0).get("method").asString()).isEqualTo("otp");
        // Every earlier session ends.
        assertThat(http.get("/auth/v1/user", "Authorization", "Bearer " + oldAccess).status()).isEqualTo(403);
        // The fresh session counts as a recent authentication for the password change.
        Http.Response put = http.put("/auth/v1/user", Map.of("password", NEW_PASSWORD), "Authorization", "Bearer " + access);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(signIn(address, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(signIn(address, PASSWORD).status()).isEqualTo(400);

        // The code and the link of that mail are used up.
        Http.Response again = http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", tokenHash(mail)));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json().get("error_code").asString()).isEqualTo("otp_expired");
    }

    @Test
    void aRedirectOutsideTheAllowListFallsBackToThePublicBaseUrl() {
        String address = email("redirect");
        confirmedAccount(address);
        http.post("/auth/v1/recover?redirect_to=https://evil.example/auth", Map.of("email", address));
        String text = text(mailsTo(address, 2).get(1));
        assertThat(text).doesNotContain("evil.example").contains("http://localhost");
    }

    @Test
    void unknownAddressesGetTheSameAnswerAndNoMail() {
        String unknown = email("nobody");
        Http.Response r = http.post("/auth/v1/recover", Map.of("email", unknown));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        String known = email("somebody");
        confirmedAccount(known);
        http.post("/auth/v1/recover", Map.of("email", known));
        mailsTo(known, 2);
        // The unknown address's request was queued first, so it has been handled by now.
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(MailedFlowsTest::recipient)).doesNotContain(unknown);
    }

    @Test
    void aTokenWorksOnlyForItsPurpose() {
        String address = email("purpose");
        confirmedAccount(address);
        http.post("/auth/v1/recover", Map.of("email", address));
        MimeMessage mail = mailsTo(address, 2).get(1);
        Http.Response wrongType = http.post("/auth/v1/verify", Map.of("type", "signup", "token_hash", tokenHash(mail)));
        assertThat(wrongType.status()).isEqualTo(403);
        assertThat(wrongType.json().get("error_code").asString()).isEqualTo("otp_expired");
        Http.Response wrongCodeType = http.post("/auth/v1/verify", Map.of("type", "email_change", "email", address,
                "token", code(mail)));
        assertThat(wrongCodeType.status()).isEqualTo(403);
        // Refusals did not use it up.
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", tokenHash(mail))).status())
                .isEqualTo(200);
    }

    @Test
    void fiveWrongCodesForAnAddressVoidItsCode() {
        String address = email("guess");
        confirmedAccount(address);
        http.post("/auth/v1/recover", Map.of("email", address));
        String code = code(mailsTo(address, 2).get(1));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            Http.Response r = http.post("/auth/v1/verify", Map.of("type", "recovery", "email", address, "token", wrong));
            assertThat(r.status()).isEqualTo(403);
        }
        Http.Response right = http.post("/auth/v1/verify", Map.of("type", "recovery", "email", address, "token", code));
        assertThat(right.status()).isEqualTo(403);
        assertThat(right.json().get("error_code").asString()).isEqualTo("otp_expired");
    }

    @Test
    void badVerifyInputGetsAClear4xx() {
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery")).status()).isEqualTo(400);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "nope", "token_hash", "x")).status()).isEqualTo(400);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "magiclink", "token_hash", "x")).json()
                .get("error_code").asString()).isEqualTo("validation_failed");
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", "a\u0000b")).status()).isEqualTo(403);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", "x".repeat(5000))).status())
                .isEqualTo(403);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", Map.of("a", 1))).status()).isEqualTo(400);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", "x", "admin", true)).status())
                .isEqualTo(400);
        assertThat(http.post("/auth/v1/recover", Map.of("email", "not an address")).status()).isEqualTo(400);
        assertThat(http.post("/auth/v1/resend", Map.of("type", "recovery", "email", "a@example.test")).status()).isEqualTo(400);
    }

    @Test
    void anUnconfirmedAccountDoesNotReserveItsAddress() {
        String victim = email("victim");
        Http.Response squat = http.post("/auth/v1/signup", Map.of("email", victim, "password", PASSWORD,
                "data", Map.of("org_name", "Squatter")));
        assertThat(squat.status()).isEqualTo(200);
        // The squatter's confirmation went out (a mail still queued for an account that is set aside
        // before it is sent is dropped, which would leave one mail instead of two here).
        mailsTo(victim, 1);
        // The owner of the address signs up anyway and proves it; the squatter's account is set aside.
        Http.Response owner = http.post("/auth/v1/signup", Map.of("email", victim, "password", NEW_PASSWORD,
                "data", Map.of("org_name", "Owner")));
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
        assertThat(owner.json().get("id").asString()).isNotEqualTo(squat.json().get("id").asString());
        MimeMessage latest = mailsTo(victim, 2).get(1);
        assertThat(http.post("/auth/v1/verify", Map.of("type", "signup", "token_hash", tokenHash(latest))).status())
                .isEqualTo(200);
        assertThat(signIn(victim, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(signIn(victim, PASSWORD).status()).isEqualTo(400);
        // A confirmed account is not replaced.
        Http.Response late = http.post("/auth/v1/signup", Map.of("email", victim, "password", PASSWORD,
                "data", Map.of("org_name", "Late")));
        assertThat(late.status()).isEqualTo(422);
    }

    @Test
    void emailChangeNeedsTheNewAddressToConfirmAndNoticesTheOldOne() {
        String address = email("change-old");
        String newAddress = email("change-new");
        String access = confirmedAccount(address).get("access_token").asString();
        Http.Response put = http.put("/auth/v1/user", Map.of("email", newAddress), "Authorization", "Bearer " + access);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("email").asString()).isEqualTo(address);

        String notice = text(mailsTo(address, 2).get(1));
        assertThat(notice).contains(newAddress).contains("Reset your password").doesNotContain("token_hash");
        MimeMessage confirm = mailsTo(newAddress, 1).get(0);
        Http.Response v = http.post("/auth/v1/verify", Map.of("type", "email_change", "token_hash", tokenHash(confirm)));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        assertThat(v.json().get("user").get("email").asString()).isEqualTo(newAddress);
        assertThat(signIn(newAddress, PASSWORD).status()).isEqualTo(200);
        assertThat(signIn(address, PASSWORD).status()).isEqualTo(400);
    }

    @Test
    void emailChangeToAConfirmedAccountsAddressAnswersTheSameAndMailsNothingThere() {
        String taken = email("taken");
        confirmedAccount(taken);
        String address = email("mover");
        String access = confirmedAccount(address).get("access_token").asString();
        Http.Response put = http.put("/auth/v1/user", Map.of("email", taken), "Authorization", "Bearer " + access);
        assertThat(put.status()).isEqualTo(200);
        mailsTo(address, 2);
        assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals(taken))).hasSize(1);
    }

    /**
     * No enumeration by timing: recover only queues, so the median answer time for an address with an
     * account is within 25 % of one without.
     */
    @Test
    void recoverTakesTheSameTimeForKnownAndUnknownAddresses() {
        String known = email("timing");
        confirmedAccount(known);
        String unknown = email("timing-none");
        for (int i = 0; i < 20; i++) {
            http.post("/auth/v1/recover", Map.of("email", i % 2 == 0 ? known : unknown));
        }
        long[] k = new long[60];
        long[] u = new long[60];
        for (int i = 0; i < 60; i++) {
            k[i] = timed(known);
            u[i] = timed(unknown);
        }
        Arrays.sort(k);
        Arrays.sort(u);
        double mk = k[30];
        double mu = u[30];
        assertThat(Math.abs(mk - mu) / Math.min(mk, mu)).as("median known %s ns, unknown %s ns", mk, mu).isLessThan(0.25);
    }

    long timed(String address) {
        long t = System.nanoTime();
        Http.Response r = http.post("/auth/v1/recover", Map.of("email", address));
        long took = System.nanoTime() - t;
        assertThat(r.status()).isEqualTo(200);
        return took;
    }

    @Test
    void invitationsAreMailedAndRedeemingOneProvesTheAddressAndReplacesASquatter() {
        String admin = email("inviter");
        String access = confirmedAccount(admin).get("access_token").asString();
        String invitee = email("invitee");
        // Someone squats the invitee's address first; it stays unconfirmed.
        Http.Response squat = http.post("/auth/v1/signup", Map.of("email", invitee, "password", PASSWORD,
                "data", Map.of("org_name", "Squatter")));
        assertThat(squat.status()).isEqualTo(200);

        Http.Response created = http.post("/api/v1/invitations", Map.of("email", invitee, "role", "agent"),
                "Authorization", "Bearer " + access);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("invite_token").asString();
        MimeMessage mail = mailsTo(invitee, 2).stream().filter(m -> text(m).contains("invite_token=")).findFirst().orElseThrow();
        assertThat(find(text(mail), "invite_token=([A-Za-z0-9_-]+)")).isEqualTo(token);

        Http.Response joined = http.post("/auth/v1/signup", Map.of("email", invitee, "password", NEW_PASSWORD,
                "data", Map.of("invite_token", token)));
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().get("access_token").asString()).isNotEmpty();
        assertThat(joined.json().get("user").get("email_confirmed_at").isNull()).isFalse();
        assertThat(joined.json().get("user").get("app_metadata").get("role").asString()).isEqualTo("agent");
        assertThat(signIn(invitee, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(signIn(invitee, PASSWORD).status()).isEqualTo(400);
    }

    /**
     * SMTP down: the request still answers 200, the worker retries with back-off, logs the failure without
     * the mail's link or address, and the mail arrives once the server is back.
     */
    @Test
    void aFailedSendIsRetriedAndNeverLogsTheLink() {
        String address = email("retry");
        confirmedAccount(address);
        LogCapture logs = LogCapture.attachTo((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(MailWorker.class));
        smtp.stop();
        try {
            assertThat(http.post("/auth/v1/recover", Map.of("email", address)).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.snapshot().stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("attempt 2 failed")));
        } finally {
            smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        MimeMessage mail = mailsTo(address, 1).get(0);
        String link = tokenHash(mail);
        logs.detach();
        assertThat(logs.snapshot()).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(link).doesNotContain(address));
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "token_hash", link)).status()).isEqualTo(200);
    }

    @Test
    void recoveryClearsABruteForceLock() {
        String address = email("locked");
        confirmedAccount(address);
        for (int i = 0; i < 10; i++) {
            signIn(address, "Wrong-Password-" + i + "-xyz");
        }
        assertThat(signIn(address, PASSWORD).json().get("error_code").asString()).isEqualTo("invalid_credentials");
        http.post("/auth/v1/recover", Map.of("email", address));
        String code = code(mailsTo(address, 2).get(1));
        assertThat(http.post("/auth/v1/verify", Map.of("type", "recovery", "email", address, "token", code)).status())
                .isEqualTo(200);
        assertThat(signIn(address, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void twoRequestsRacingOneTokenGetOneSession() throws Exception {
        String address = email("race");
        confirmedAccount(address);
        http.post("/auth/v1/recover", Map.of("email", address));
        String link = tokenHash(mailsTo(address, 2).get(1));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> http.post("/auth/v1/verify",
                        Map.of("type", "recovery", "token_hash", link)).status()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(200, 403);
            assertThat(statuses.stream().filter(st -> st == 200)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
