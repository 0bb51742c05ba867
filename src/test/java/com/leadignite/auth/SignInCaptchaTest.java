package com.leadignite.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Captcha through the real endpoints, against a siteverify-compatible verifier on loopback: always on
 * sign-up, and on sign-in from the 4th attempt after 3 failures. Its own context (captcha configured).
 */
@IntegrationTest
class SignInCaptchaTest {

    static final WireMockServer VERIFIER = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    static {
        VERIFIER.start();
    }

    @DynamicPropertySource
    static void captcha(DynamicPropertyRegistry registry) {
        registry.add("leadignite.captcha.verify-url", () -> "http://127.0.0.1:" + VERIFIER.port() + "/siteverify");
        registry.add("leadignite.captcha.secret", () -> "test-captcha-secret-0123456789abcdef");
    }

    @AfterAll
    static void stop() {
        VERIFIER.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
        VERIFIER.resetAll();
        VERIFIER.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=good-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"success\":true}")));
        VERIFIER.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=bad-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"success\":false}")));
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    static Map<String, Object> captcha(String token) {
        return Map.of("captcha_token", token);
    }

    @Test
    void signUpAlwaysNeedsAPassingCaptcha() {
        String email = AuthTestClient.email("captcha-signup");
        Map<String, Object> data = Map.of("org_name", "Captcha Org");
        Http.Response missing = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD, "data", data));
        Http.Response rejected = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD, "data", data,
                "gotrue_meta_security", captcha("bad-token")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_code").asString()).isEqualTo("captcha_failed");
        assertThat(rejected.json().get("error_code").asString()).isEqualTo("captcha_failed");

        Http.Response ok = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD, "data", data,
                "gotrue_meta_security", captcha("good-token")));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        VERIFIER.verify(postRequestedFor(urlEqualTo("/siteverify"))
                .withRequestBody(containing("secret=test-captcha-secret-0123456789abcdef"))
                .withRequestBody(containing("remoteip=127.0.0.1")));
    }

    @Test
    void afterThreeFailuresSignInNeedsACaptchaAndTheRightPasswordAloneIsNotEnough() {
        String email = AuthTestClient.email("captcha-signin");
        auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD, "data", Map.of("org_name", "C"),
                "gotrue_meta_security", captcha("good-token")));
        for (int i = 0; i < 3; i++) {
            assertThat(auth.signIn(email, "wrong password " + i).json().get("error_code").asString())
                    .isEqualTo("invalid_credentials");
        }
        Http.Response noCaptcha = auth.signIn(email, AuthTestClient.PASSWORD);
        assertThat(noCaptcha.status()).isEqualTo(400);
        assertThat(noCaptcha.json().get("error_code").asString()).isEqualTo("captcha_failed");

        Http.Response badCaptcha = auth.http.post("/auth/v1/token?grant_type=password", Map.of("email", email,
                "password", AuthTestClient.PASSWORD, "gotrue_meta_security", captcha("bad-token")));
        assertThat(badCaptcha.json().get("error_code").asString()).isEqualTo("captcha_failed");

        Http.Response withCaptcha = auth.http.post("/auth/v1/token?grant_type=password", Map.of("email", email,
                "password", AuthTestClient.PASSWORD, "gotrue_meta_security", captcha("good-token")));
        assertThat(withCaptcha.status()).as(withCaptcha.body()).isEqualTo(200);
        JsonNode session = withCaptcha.json();
        assertThat(session.get("access_token").asString()).isNotBlank();
    }

    @Test
    void publicLeadCaptureNeedsACaptchaWhenAVerifierIsConfigured() {
        java.util.UUID org = fixtures.createOrg("Captcha capture org");
        try {
            Fixtures.TestUser admin = fixtures.user(org, "admin");
            String key = auth.http.post("/api/v1/form-keys", Map.of("allowed_origins", java.util.List.of()),
                    "Authorization", admin.bearer()).json().get("key").asString();
            Map<String, Object> lead = Map.of("first_name", "Ada", "email", "ada@example.test");
            Http.Response missing = auth.http.post("/api/v1/public/lead-capture", lead, "X-Form-Key", key);
            Http.Response rejected = auth.http.post("/api/v1/public/lead-capture", lead, "X-Form-Key", key,
                    "X-Captcha-Token", "bad-token");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
            assertThat(missing.json().get("type").asString()).endsWith("/captcha-failed");
            assertThat(rejected.status()).isEqualTo(400);
            Http.Response ok = auth.http.post("/api/v1/public/lead-capture", lead, "X-Form-Key", key,
                    "X-Captcha-Token", "good-token");
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        } finally {
            fixtures.deleteOrg(org);
        }
    }

    @Test
    void refreshNeverAsksForACaptcha() {
        String email = AuthTestClient.email("captcha-refresh");
        JsonNode session = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "C"), "gotrue_meta_security", captcha("good-token"))).json();
        assertThat(auth.refresh(session.get("refresh_token").asString()).status()).isEqualTo(200);
    }
}
