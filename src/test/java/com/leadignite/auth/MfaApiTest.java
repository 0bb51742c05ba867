package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.mfa.TotpQrCode;
import com.leadignite.support.CapturedReauthenticationNonces;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * TOTP MFA over HTTP (API.md §2): enrolment, challenge, verify to aal2, the factors in the user object,
 * refresh keeping aal2, unenrolment; and the attacks: replayed codes, other users' factors and challenges,
 * expired challenges, brute force, unverified factors, aal1 tokens for step-up. Codes are computed here
 * with the JDK's HMAC, independently of the service's implementation.
 */
@IntegrationTest
class MfaApiTest {

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

    record Account(String email, JsonNode session) {
        String token() {
            return session.get("access_token").asString();
        }
    }

    record Factor(String id, String secret) {
    }

    private Account signUp() {
        String email = AuthTestClient.email("mfa");
        return new Account(email, auth.signUpOrg(email, AuthTestClient.PASSWORD));
    }

    private String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private Factor enroll(String token, String name) {
        Http.Response r = auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", name), bearer(token));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Factor(r.json().get("id").asString(), r.json().get("totp").get("secret").asString());
    }

    private String challenge(String token, String factorId) {
        Http.Response r = auth.http.post("/auth/v1/factors/" + factorId + "/challenge", Map.of(), bearer(token));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    private Http.Response verify(String token, String factorId, String challengeId, String code) {
        return auth.http.post("/auth/v1/factors/" + factorId + "/verify", Map.of("challenge_id", challengeId, "code", code),
                bearer(token));
    }

    /** Enrolls and verifies a factor; the aal2 session. */
    private JsonNode enrollVerified(Account a, Factor f) {
        Http.Response r = verify(a.token(), f.id(), challenge(a.token(), f.id()), code(f.secret(), 0));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String code(String base32Secret, int stepOffset) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            long step = System.currentTimeMillis() / 1000 / 30 + stepOffset;
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[h.length - 1] & 0xf;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    private static JsonNode claims(String jwt) {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static List<String> amrMethods(String jwt) {
        return claims(jwt).get("amr").valueStream().map(e -> e.get("method").asString()).toList();
    }

    @Test
    void theQrCodeEncodesTheUriAndCarriesNoneOfTheNamesTyped() {
        Account a = signUp();
        Http.Response r = auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp",
                "friendly_name", "\"><script>alert('n')</script>", "issuer", "Acme\"'><script>alert(1)</script>"),
                bearer(a.token()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String uri = r.json().get("totp").get("uri").asString();
        String qr = r.json().get("totp").get("qr_code").asString();
        assertThat(uri).contains("Acme%22%27%3E%3Cscript%3E");
        assertThat(qr).isEqualTo(TotpQrCode.dataUri(uri)).doesNotContainIgnoringCase("script").doesNotContain("'")
                .doesNotContain("Acme").doesNotContain(r.json().get("totp").get("secret").asString());
        // Another secret, another code.
        Http.Response other = auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "second"),
                bearer(a.token()));
        assertThat(other.json().get("totp").get("qr_code").asString()).isNotEqualTo(qr)
                .isEqualTo(TotpQrCode.dataUri(other.json().get("totp").get("uri").asString()));
    }

    @Test
    void enrollChallengeVerifyRaisesTheSessionToAal2AndRefreshKeepsIt() {
        Account a = signUp();
        Http.Response enrolled = auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "phone"),
                bearer(a.token()));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        JsonNode e = enrolled.json();
        assertThat(e.get("type").asString()).isEqualTo("totp");
        assertThat(e.get("friendly_name").asString()).isEqualTo("phone");
        assertThat(e.get("totp").get("secret").asString()).matches("[A-Z2-7]{32}");
        assertThat(e.get("totp").get("uri").asString()).startsWith("otpauth://totp/Lead%20Ignite:")
                .contains("secret=" + e.get("totp").get("secret").asString());
        assertThat(e.get("totp").get("qr_code").asString())
                .isEqualTo(TotpQrCode.dataUri(e.get("totp").get("uri").asString()))
                .startsWith("data:image/svg+xml;utf-8,<svg ");
        assertThat(enrolled.header("Cache-Control")).contains("no-store");
        Factor f = new Factor(e.get("id").asString(), e.get("totp").get("secret").asString());

        JsonNode user = auth.getUser(a.token()).json();
        assertThat(user.get("factors")).hasSize(1);
        assertThat(user.get("factors").get(0).get("status").asString()).isEqualTo("unverified");
        assertThat(user.get("factors").get(0).get("factor_type").asString()).isEqualTo("totp");

        Http.Response ch = auth.http.post("/auth/v1/factors/" + f.id() + "/challenge", null, bearer(a.token()));
        assertThat(ch.status()).as(ch.body()).isEqualTo(200);
        assertThat(ch.json().get("type").asString()).isEqualTo("totp");
        long expiresAt = ch.json().get("expires_at").asLong();
        assertThat(expiresAt).isBetween(System.currentTimeMillis() / 1000 + 200, System.currentTimeMillis() / 1000 + 400);

        Http.Response v = verify(a.token(), f.id(), ch.json().get("id").asString(), code(f.secret(), 0));
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        String aal2 = v.json().get("access_token").asString();
        assertThat(claims(aal2).get("aal").asString()).isEqualTo("aal2");
        assertThat(amrMethods(aal2)).containsExactly("totp", "password");
        assertThat(claims(aal2).get("session_id").asString()).isEqualTo(claims(a.token()).get("session_id").asString());
        assertThat(v.json().get("user").get("factors").get(0).get("status").asString()).isEqualTo("verified");

        Http.Response refreshed = auth.refresh(v.json().get("refresh_token").asString());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(claims(refreshed.json().get("access_token").asString()).get("aal").asString()).isEqualTo("aal2");
        assertThat(amrMethods(refreshed.json().get("access_token").asString())).containsExactly("totp", "password");

        UUID userId = AuthTestClient.userOf(a.session());
        assertThat(AuthTestClient.audit("actor_id = ? and action like 'mfa_%'", userId))
                .extracting(m -> m.get("action")).containsExactly("mfa_enroll", "mfa_verify");
        // The secret is stored sealed, never in the clear.
        Object stored = AuthTestClient.scalar("select secret_enc from auth.mfa_factors where id = ?::uuid", f.id());
        assertThat(new String((byte[]) stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(f.secret());
    }

    @Test
    void aPasswordSignInOfAUserWithAVerifiedFactorIsAal1AndStepUpNeedsAal2() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        JsonNode aal2 = enrollVerified(a, f);
        Http.Response signIn = auth.signIn(a.email(), AuthTestClient.PASSWORD);
        assertThat(signIn.status()).isEqualTo(200);
        String aal1 = signIn.json().get("access_token").asString();
        assertThat(claims(aal1).get("aal").asString()).isEqualTo("aal1");
        assertThat(amrMethods(aal1)).containsExactly("password");

        // Step-up actions: under /auth/v1 GoTrue's insufficient_aal, under /api/v1 a problem of type mfa-required.
        Http.Response pw = auth.putUser(aal1, Map.of("password", "Another-Long-Passphrase-77"));
        assertThat(pw.status()).as(pw.body()).isEqualTo(403);
        assertThat(pw.json().get("error_code").asString()).isEqualTo("insufficient_aal");
        Http.Response invite = auth.http.post("/api/v1/invitations", Map.of("email", AuthTestClient.email("inv"), "role", "agent"),
                bearer(aal1));
        assertThat(invite.status()).as(invite.body()).isEqualTo(403);
        assertThat(invite.json().get("type").asString()).endsWith("/mfa-required");
        assertThat(invite.header("Content-Type")).startsWith("application/problem+json");

        // The same password sign-in raised to aal2 passes.
        String signInFactorCode = code(f.secret(), 1);
        Http.Response v = verify(aal1, f.id(), challenge(aal1, f.id()), signInFactorCode);
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        Http.Response ok = auth.http.post("/api/v1/invitations", Map.of("email", AuthTestClient.email("inv"), "role", "agent"),
                bearer(v.json().get("access_token").asString()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(aal2.get("access_token").asString()).isNotNull();
    }

    @Test
    void aReauthenticationCodeDoesNotStandInForTheSecondFactor() {
        Account a = signUp();
        enrollVerified(a, enroll(a.token(), ""));
        String aal1 = auth.signIn(a.email(), AuthTestClient.PASSWORD).json().get("access_token").asString();
        assertThat(auth.http.get("/auth/v1/reauthenticate", bearer(aal1)).status()).isEqualTo(200);
        String nonce = mailbox.last(a.email()).orElseThrow();
        Http.Response r = auth.putUser(aal1, Map.of("password", "Another-Long-Passphrase-77", "nonce", nonce));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().get("error_code").asString()).isEqualTo("insufficient_aal");
        assertThat(auth.signIn(a.email(), AuthTestClient.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aCodeIsAcceptedOnceEvenWithAFreshChallenge() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        String c = code(f.secret(), 0);
        assertThat(verify(a.token(), f.id(), challenge(a.token(), f.id()), c).status()).isEqualTo(200);
        Http.Response replay = verify(a.token(), f.id(), challenge(a.token(), f.id()), c);
        assertThat(replay.status()).as(replay.body()).isEqualTo(422);
        assertThat(replay.json().get("error_code").asString()).isEqualTo("mfa_verification_failed");
        // An older step than the one used is refused too.
        Http.Response older = verify(a.token(), f.id(), challenge(a.token(), f.id()), code(f.secret(), -1));
        assertThat(older.status()).isEqualTo(422);
        assertThat(AuthTestClient.audit("actor_id = ? and action = 'mfa_challenge_failed'", AuthTestClient.userOf(a.session())))
                .isNotEmpty();
    }

    @Test
    void aChallengeIsSingleUse() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        String ch = challenge(a.token(), f.id());
        assertThat(verify(a.token(), f.id(), ch, code(f.secret(), 0)).status()).isEqualTo(200);
        Http.Response again = verify(a.token(), f.id(), ch, code(f.secret(), 1));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("error_code").asString()).isEqualTo("mfa_challenge_expired");
    }

    @Test
    void anExpiredChallengeIsRefused() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        String ch = challenge(a.token(), f.id());
        Fixtures.exec("update auth.mfa_challenges set expires_at = now() - interval '1 second' where id = ?::uuid", ch);
        Http.Response r = verify(a.token(), f.id(), ch, code(f.secret(), 0));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error_code").asString()).isEqualTo("mfa_challenge_expired");
        assertThat(AuthTestClient.scalar("select status from auth.mfa_factors where id = ?::uuid", f.id())).isEqualTo("unverified");
    }

    @Test
    void anotherUsersFactorsAndChallengesAreNotFound() {
        Account a = signUp();
        Account b = signUp();
        Factor fa = enroll(a.token(), "");
        Factor fb = enroll(b.token(), "");
        String chB = challenge(b.token(), fb.id());
        // B's factor with A's token: 404 on challenge, verify and delete, same as an id that does not exist.
        for (String factor : List.of(fb.id(), UUID.randomUUID().toString())) {
            Http.Response c = auth.http.post("/auth/v1/factors/" + factor + "/challenge", Map.of(), bearer(a.token()));
            assertThat(c.status()).isEqualTo(404);
            assertThat(c.json().get("error_code").asString()).isEqualTo("mfa_factor_not_found");
            assertThat(verify(a.token(), factor, chB, code(fb.secret(), 0)).status()).isEqualTo(404);
            assertThat(auth.http.delete("/auth/v1/factors/" + factor, bearer(a.token())).status()).isEqualTo(404);
        }
        // B's challenge on A's factor, and B's code on A's factor.
        assertThat(verify(a.token(), fa.id(), chB, code(fa.secret(), 0)).status()).isEqualTo(404);
        Http.Response wrongSecret = verify(a.token(), fa.id(), challenge(a.token(), fa.id()), code(fb.secret(), 0));
        assertThat(wrongSecret.status()).isEqualTo(422);
        // A non-UUID id answers like a missing factor.
        assertThat(auth.http.post("/auth/v1/factors/not-a-uuid/challenge", Map.of(), bearer(a.token())).status()).isEqualTo(404);
        // B's factor is untouched and still works for B.
        assertThat(verify(b.token(), fb.id(), chB, code(fb.secret(), 0)).status()).isEqualTo(200);
    }

    @Test
    void bruteForceOnOneFactorIsCutOffAfterTheLimit() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        String right = code(f.secret(), 0);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(verify(a.token(), f.id(), challenge(a.token(), f.id()), wrong).status()).isEqualTo(422);
        }
        Http.Response limited = verify(a.token(), f.id(), challenge(a.token(), f.id()), right);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("error_code").asString()).isEqualTo("over_request_rate_limit");
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void anUnverifiedFactorRaisesNothing() {
        Account a = signUp();
        enroll(a.token(), "");
        Http.Response signIn = auth.signIn(a.email(), AuthTestClient.PASSWORD);
        assertThat(claims(signIn.json().get("access_token").asString()).get("aal").asString()).isEqualTo("aal1");
        // No verified factor: step-up needs only the recent password, and an unverified factor goes without aal2.
        String token = signIn.json().get("access_token").asString();
        Http.Response invite = auth.http.post("/api/v1/invitations", Map.of("email", AuthTestClient.email("inv"), "role", "user"),
                bearer(token));
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        String factorId = auth.getUser(token).json().get("factors").get(0).get("id").asString();
        assertThat(auth.http.delete("/auth/v1/factors/" + factorId, bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void unenrollingNeedsAal2AndTheLastFactorBringsSessionsBackToAal1() {
        Account a = signUp();
        Factor f = enroll(a.token(), "");
        JsonNode aal2 = enrollVerified(a, f);
        String aal1 = auth.signIn(a.email(), AuthTestClient.PASSWORD).json().get("access_token").asString();
        Http.Response refused = auth.http.delete("/auth/v1/factors/" + f.id(), bearer(aal1));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error_code").asString()).isEqualTo("insufficient_aal");

        Http.Response ok = auth.http.delete("/auth/v1/factors/" + f.id(), bearer(aal2.get("access_token").asString()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("id").asString()).isEqualTo(f.id());
        assertThat(auth.getUser(aal1).json().get("factors")).isEmpty();
        Http.Response refreshed = auth.refresh(aal2.get("refresh_token").asString());
        assertThat(claims(refreshed.json().get("access_token").asString()).get("aal").asString()).isEqualTo("aal1");
        assertThat(AuthTestClient.audit("actor_id = ? and action = 'mfa_unenroll'", AuthTestClient.userOf(a.session())))
                .extracting(m -> m.get("outcome")).containsExactly("denied", "success");
    }

    @Test
    void turningMfaOnEndsTheUsersOtherAal1Sessions() {
        Account a = signUp();
        String other = auth.signIn(a.email(), AuthTestClient.PASSWORD).json().get("access_token").asString();
        assertThat(auth.getUser(other).status()).isEqualTo(200);
        enrollVerified(a, enroll(a.token(), ""));
        assertThat(auth.getUser(other).status()).isEqualTo(403);
    }

    @Test
    void badInputIsAClearClientError() {
        Account a = signUp();
        assertThat(auth.http.post("/auth/v1/factors", Map.of("factor_type", "phone"), bearer(a.token())).status()).isEqualTo(400);
        assertThat(auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "x".repeat(101)),
                bearer(a.token())).status()).isEqualTo(400);
        assertThat(auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "a\u0000b"),
                bearer(a.token())).status()).isEqualTo(400);
        assertThat(auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "role", "admin"),
                bearer(a.token())).status()).isEqualTo(400);
        enroll(a.token(), "same");
        Http.Response dup = auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp", "friendly_name", "same"), bearer(a.token()));
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.json().get("error_code").asString()).isEqualTo("mfa_factor_name_conflict");
        Factor f = enroll(a.token(), "");
        assertThat(verify(a.token(), f.id(), "not-a-uuid", "123456").status()).isEqualTo(400);
        assertThat(auth.http.post("/auth/v1/factors/" + f.id() + "/verify", Map.of("challenge_id", challenge(a.token(), f.id())),
                bearer(a.token())).status()).isEqualTo(400);
        assertThat(auth.http.post("/auth/v1/factors", Map.of("factor_type", "totp")).status()).isEqualTo(401);
    }
}
