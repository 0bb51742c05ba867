package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.token.SigningKeys;
import com.leadignite.config.AppProperties;
import com.leadignite.support.Fixtures;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** GoTrue error shapes under /auth/v1, legacy and 2024-01-01, for bearer failures and bad input. */
@IntegrationTest
class AuthErrorShapeTest {

    static final String V2024 = "2024-01-01";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SigningKeys keys;
    @Autowired
    AppProperties app;
    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    private static void assertLegacy(Http.Response r, int status, String code) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("x-sb-error-code")).isEqualTo(code);
        assertThat(r.header("X-Supabase-Api-Version")).isNull();
        JsonNode b = r.json();
        assertThat(b.get("code").asInt()).isEqualTo(status);
        assertThat(b.get("error_code").asString()).isEqualTo(code);
        assertThat(b.get("msg").asString()).isNotBlank();
    }

    private static void assert2024(Http.Response r, int status, String code) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("x-sb-error-code")).isEqualTo(code);
        assertThat(r.header("X-Supabase-Api-Version")).isEqualTo(V2024);
        JsonNode b = r.json();
        assertThat(b.get("code").asString()).isEqualTo(code);
        assertThat(b.get("message").asString()).isNotBlank();
        assertThat(b.has("error_code")).isFalse();
    }

    @Test
    void missingBearerIsNoAuthorization() {
        assertLegacy(auth.http.get("/auth/v1/user"), 401, "no_authorization");
        assert2024(auth.http.get("/auth/v1/user", "X-Supabase-Api-Version", V2024), 401, "no_authorization");
        assertLegacy(auth.http.post("/auth/v1/logout", null), 401, "no_authorization");
        assertLegacy(auth.http.post("/auth/v1/reauthenticate", Map.of("password", "x")), 401, "no_authorization");
    }

    @Test
    void aTokenThatDoesNotVerifyIsBadJwt() {
        JsonNode s = auth.signUpOrg();
        String token = s.get("access_token").asString();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String bad : new String[] {"garbage", tampered, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}) {
            assertLegacy(auth.getUser(bad), 403, "bad_jwt");
            assert2024(auth.getUser(bad, "X-Supabase-Api-Version", V2024), 403, "bad_jwt");
        }
    }

    @Test
    void anExpiredTokenIsBadJwt() throws Exception {
        UUID org = fixtures.createOrg("Expired org");
        auth.remember(org);
        var u = fixtures.user(org, "user");
        // Genuine signature, live session, but expired an hour ago.
        Instant iat = Instant.now().minusSeconds(7200);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(app.issuer()).audience("authenticated").subject(u.id().toString())
                .issueTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(3600)))
                .claim("role", "authenticated").claim("session_id", u.sessionId().toString())
                .claim("app_metadata", Map.of("org_id", org.toString(), "role", "user"))
                .build();
        var key = keys.active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(key));
        assertLegacy(auth.getUser(jwt.serialize()), 403, "bad_jwt");
        assertThat(auth.getUser(u.token()).status()).as("the same session with a valid token works").isEqualTo(200);
    }

    @Test
    void aRevokedSessionIsSessionNotFound() {
        UUID org = fixtures.createOrg("Revoked org");
        auth.remember(org);
        var u = fixtures.user(org, "agent", Instant.now());
        assertThat(auth.getUser(u.token()).status()).isEqualTo(200);
        Fixtures.exec("update auth.sessions set revoked_at = now() where id = ?", u.sessionId());
        assertLegacy(auth.getUser(u.token()), 403, "session_not_found");
        assert2024(auth.getUser(u.token(), "X-Supabase-Api-Version", V2024), 403, "session_not_found");
    }

    @Test
    void inputErrorsUseTheNegotiatedShape() {
        assert2024(auth.signIn(AuthTestClient.email("nobody"), "whatever-password-1", "X-Supabase-Api-Version", V2024),
                400, "invalid_credentials");
        Http.Response weak = auth.signUpRaw(Map.of("email", AuthTestClient.email("w"), "password", "short",
                "data", Map.of("org_name", "W")), "X-Supabase-Api-Version", V2024);
        assert2024(weak, 422, "weak_password");
        assertThat(weak.json().get("weak_password").get("reasons").get(0).asString()).isEqualTo("length");
        assert2024(auth.signUpRaw("{oops", "X-Supabase-Api-Version", V2024), 400, "bad_json");
        assertLegacy(auth.signUpRaw("{\"unexpected\":1}"), 400, "validation_failed");
    }

    @Test
    void malformedBodiesOnEveryEndpointAreGoTrueClientErrors() {
        JsonNode s = auth.signUpOrg();
        String bearer = "Bearer " + s.get("access_token").asString();
        String[] bodies = {"{", "null", "[]", "\"text\"", "{\"data\":[1]}", "{\"password\":{}}", "{\"data\":{\"role\":{\"a\":1}}}", "{\"data\":{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}}",
                "{\"refresh_token\":5}", "{\"email\":[],\"password\":null}", "{\"gotrue_meta_security\":{\"captcha_token\":1,\"x\":2}}"};
        String[][] targets = {{"POST", "/auth/v1/signup"}, {"POST", "/auth/v1/token?grant_type=password"},
                {"POST", "/auth/v1/token?grant_type=refresh_token"}, {"PUT", "/auth/v1/user"}, {"POST", "/auth/v1/reauthenticate"}};
        for (String[] t : targets) {
            for (String body : bodies) {
                Http.Response r = t[0].equals("PUT") ? auth.http.put(t[1], body, "Authorization", bearer)
                        : auth.http.post(t[1], body, "Authorization", bearer);
                assertThat(r.status()).as(t[1] + " " + body).isBetween(400, 499);
                assertThat(r.header("x-sb-error-code")).as(t[1] + " " + body).isNotBlank();
                assertThat(r.json().get("error_code").asString()).isEqualTo(r.header("x-sb-error-code"));
            }
        }
        assertThat(auth.getUser(s.get("access_token").asString()).status()).isEqualTo(200);
    }
}
