package com.leadignite.auth;

import static com.leadignite.support.RawBytesHttp.ascii;
import static com.leadignite.support.RawBytesHttp.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.signin.BruteForceProtection;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.RawBytesHttp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates, sent as JSON escapes or as raw bytes)
 * in every string of {@code /auth/v1}: a 4xx in the GoTrue shape, nothing written, and on sign-in a
 * failure that the brute-force protection counts like any other.
 */
@IntegrationTest
class AuthHostileInputTest {

    /** JSON string contents (escapes as sent on the wire) that are not storable text. */
    static final List<String> UNSTORABLE = List.of("\\u0000", "a\\u0000b", "\\ud800", "x\\udc00", "\\udbff\\udbff");
    static final byte[] RAW_HIGH_SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    static final byte[] RAW_LOW_SURROGATE = {(byte) 0xED, (byte) 0xB0, (byte) 0x80};
    static final byte[] OVERLONG_NUL = {(byte) 0xC0, (byte) 0x80};

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    BruteForceProtection bruteForce;
    AuthTestClient auth;
    UUID org;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
        org = fixtures.createOrg("hostile-auth-input");
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
        fixtures.deleteOrg(org);
    }

    private RawBytesHttp.Response post(String path, byte[] json, String... headers) {
        byte[][] hs = new byte[headers.length + 1][];
        hs[0] = ascii("Content-Type: application/json");
        for (int i = 0; i < headers.length; i++) {
            hs[i + 1] = ascii(headers[i]);
        }
        return RawBytesHttp.send(port, "POST", ascii(path), hs, json);
    }

    private RawBytesHttp.Response put(String path, byte[] json, String... headers) {
        byte[][] hs = new byte[headers.length + 1][];
        hs[0] = ascii("Content-Type: application/json");
        for (int i = 0; i < headers.length; i++) {
            hs[i + 1] = ascii(headers[i]);
        }
        return RawBytesHttp.send(port, "PUT", ascii(path), hs, json);
    }

    /** A GoTrue-shaped 4xx whose code is one of {@code codes}. */
    private static void assertGoTrue4xx(RawBytesHttp.Response r, String... codes) {
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.header("x-sb-error-code")).as(r.body()).isIn((Object[]) codes);
        assertThat(r.body()).contains("\"error_code\":\"" + r.header("x-sb-error-code") + "\"")
                .doesNotContain("Exception").doesNotContain("SQL");
    }

    @Test
    void signInWithAnUnstorableEmailIsInvalidCredentialsAndCountsAsAFailure() {
        for (String bad : UNSTORABLE) {
            assertGoTrue4xx(post("/auth/v1/token?grant_type=password",
                    bytes("{\"email\":\"v", bad, "@example.test\",\"password\":\"Whatever-Password-1\"}")), "invalid_credentials");
        }
        // Raw bytes that are not UTF-8 (encoded surrogates, an overlong NUL): the parser refuses the body,
        // or, where it lets an encoded surrogate through, the field is refused like its escaped form.
        for (byte[] raw : List.of(RAW_HIGH_SURROGATE, RAW_LOW_SURROGATE, OVERLONG_NUL)) {
            assertGoTrue4xx(post("/auth/v1/token?grant_type=password",
                    bytes("{\"email\":\"v", raw, "@example.test\",\"password\":\"Whatever-Password-1\"}")), "bad_json", "invalid_credentials");
        }

        // Ten failures with the same NUL address lock it like any address.
        String local = "nul-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 10; i++) {
            assertGoTrue4xx(post("/auth/v1/token?grant_type=password",
                    bytes("{\"email\":\"", local, "\\u0000@example.test\",\"password\":\"Wrong-Password-", i, "\"}")),
                    "invalid_credentials");
        }
        assertThat(bruteForce.lockedFor(local + "\u0000@example.test")).as("the failures were counted").isPositive();
    }

    @Test
    void signInWithAnUnstorablePasswordIsInvalidCredentialsAndCounts() {
        String email = AuthTestClient.email("nulpw");
        auth.signUpOrg(email, AuthTestClient.PASSWORD);
        for (int i = 0; i < 10; i++) {
            assertGoTrue4xx(post("/auth/v1/token?grant_type=password",
                    bytes("{\"email\":\"", email, "\",\"password\":\"", AuthTestClient.PASSWORD, i % 2 == 0 ? "\\u0000" : "\\ud800", "\"}")),
                    "invalid_credentials");
        }
        assertThat(bruteForce.lockedFor(email)).isPositive();
        bruteForce.clear(email);
    }

    @Test
    void signUpRefusesUnstorableTextInEveryFieldAndWritesNothing() {
        for (String bad : UNSTORABLE) {
            String email = AuthTestClient.email("nulsu");
            for (String body : List.of(
                    "{\"email\":\"" + email + "\",\"password\":\"" + AuthTestClient.PASSWORD + "\",\"data\":{\"org_name\":\"Org" + bad + "\"}}",
                    "{\"email\":\"" + email + "\",\"password\":\"" + AuthTestClient.PASSWORD + "\",\"data\":{\"org_name\":\"Org\",\"full_name\":\"N" + bad + "\"}}",
                    "{\"email\":\"" + email + "\",\"password\":\"" + AuthTestClient.PASSWORD + "\",\"data\":{\"org_name\":\"Org\",\"locale\":\"" + bad + "\"}}",
                    "{\"email\":\"" + email + "\",\"password\":\"" + AuthTestClient.PASSWORD + "\",\"data\":{\"invite_token\":\"" + bad + "\"}}",
                    "{\"email\":\"" + email + "\",\"password\":\"Long-Enough-Pass" + bad + "word\",\"data\":{\"org_name\":\"Org\"}}",
                    "{\"email\":\"s" + bad + email + "\",\"password\":\"" + AuthTestClient.PASSWORD + "\",\"data\":{\"org_name\":\"Org\"}}")) {
                assertGoTrue4xx(post("/auth/v1/signup", bytes(body)), "validation_failed");
            }
            assertThat(AuthTestClient.scalar("select count(*) from auth.users where lower(email) like ?",
                    "%" + email.substring(0, 17) + "%")).isEqualTo(0L);
        }
        String email = AuthTestClient.email("rawsu");
        assertGoTrue4xx(post("/auth/v1/signup", bytes("{\"email\":\"", email, "\",\"password\":\"", AuthTestClient.PASSWORD,
                "\",\"data\":{\"org_name\":\"O", RAW_HIGH_SURROGATE, "\"}}")), "bad_json", "validation_failed");
        assertGoTrue4xx(post("/auth/v1/signup", bytes("{\"email\":\"", email, "\",\"password\":\"", AuthTestClient.PASSWORD,
                "\",\"data\":{\"org_name\":\"O\",\"full_name\":\"", RAW_LOW_SURROGATE, "\"}}")), "bad_json", "validation_failed");
        assertThat(AuthTestClient.scalar("select count(*) from auth.users where lower(email) = ?", email)).isEqualTo(0L);
    }

    @Test
    void updateUserRefusesUnstorableMetadataAndPasswords() {
        Fixtures.TestUser u = fixtures.user(org, "user");
        for (String bad : UNSTORABLE) {
            for (String body : List.of("{\"data\":{\"full_name\":\"N" + bad + "\"}}", "{\"data\":{\"timezone\":\"" + bad + "\"}}",
                    "{\"password\":\"Long-Enough-Pass" + bad + "word\"}")) {
                assertGoTrue4xx(put("/auth/v1/user", bytes(body), "Authorization: Bearer " + u.token()), "validation_failed");
            }
        }
        assertGoTrue4xx(put("/auth/v1/user", bytes("{\"data\":{\"full_name\":\"", RAW_HIGH_SURROGATE, "\"}}"),
                "Authorization: Bearer " + u.token()), "bad_json", "validation_failed");
        assertThat(AuthTestClient.scalar("select user_metadata::text from auth.users where id = ?", u.id())).isEqualTo("{}");
    }

    @Test
    void refreshTokensAndReauthenticationRefuseUnstorableText() {
        Fixtures.TestUser u = fixtures.user(org, "user");
        for (String bad : UNSTORABLE) {
            assertThat(post("/auth/v1/token?grant_type=refresh_token", bytes("{\"refresh_token\":\"r", bad, "\"}")).status())
                    .isBetween(400, 499);
            assertThat(post("/auth/v1/reauthenticate", bytes("{\"password\":\"p", bad, "\"}"),
                    "Authorization: Bearer " + u.token()).status()).isBetween(400, 499);
        }
    }

    @Test
    void hostileAuthorizationAndApikeyHeadersAreClientErrors() {
        for (byte[] value : List.of(new byte[] {0}, RAW_HIGH_SURROGATE, OVERLONG_NUL, new byte[] {(byte) 0xFF, (byte) 0xFE},
                ascii("\\u0000"), ascii("a.b.c"), ascii("x".repeat(9000)))) {
            for (String name : List.of("Authorization: Bearer ", "Authorization: ", "apikey: ")) {
                RawBytesHttp.Response r = RawBytesHttp.send(port, "GET", ascii("/auth/v1/user"),
                        new byte[][] {bytes(name, value)}, null);
                assertThat(r.status()).as(name + r.body()).isBetween(400, 499);
            }
        }
        Http.Response ok = auth.http.get("/auth/v1/.well-known/jwks.json");
        assertThat(ok.status()).isEqualTo(200);
    }
}
