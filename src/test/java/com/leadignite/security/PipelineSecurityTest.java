package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import com.leadignite.web.SecurityHeadersAssert;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Request ids, security headers, CORS and audited 403s across the whole pipeline. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineSecurityTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    WebApplicationContext context;

    Http http;
    UUID org;
    Fixtures.TestUser agent;

    @BeforeAll
    void setUp() {
        http = new Http(port);
        org = fixtures.createOrg("pipeline");
        agent = fixtures.user(org, "agent");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void safeIncomingRequestIdIsEchoed() {
        Http.Response r = http.get("/api/v1/x", "X-Request-Id", "client-abc_1.2");
        assertThat(r.header("X-Request-Id")).isEqualTo("client-abc_1.2");
        assertThat(r.json().get("request_id").asString()).isEqualTo("client-abc_1.2");
        Http.Response ok = http.get("/actuator/health", "X-Request-Id", "a".repeat(64));
        assertThat(ok.header("X-Request-Id")).isEqualTo("a".repeat(64));
    }

    @Test
    void unsafeIncomingRequestIdIsReplaced() {
        for (String bad : new String[] {"a".repeat(65), "bad id", "x<script>", "a\u00e9b", "../etc"}) {
            Http.Response r = http.send(http.request("/api/v1/x").GET().header("X-Request-Id", bad));
            assertThat(r.header("X-Request-Id")).isNotEqualTo(bad).matches("^[A-Za-z0-9._-]{1,64}$");
            assertThat(r.json().get("request_id").asString()).isEqualTo(r.header("X-Request-Id"));
        }
    }

    @Test
    void generatedRequestIdsDiffer() {
        assertThat(http.get("/actuator/health").header("X-Request-Id"))
                .isNotEqualTo(http.get("/actuator/health").header("X-Request-Id"));
    }

    @Test
    void securityHeadersOnSuccessAndErrors() {
        Http.Response health = http.get("/actuator/health");
        SecurityHeadersAssert.assertSecurityHeaders(health);
        assertThat(health.header("Cache-Control")).isEqualTo("no-store");
        Http.Response unauthorized = http.get("/api/v1/x");
        SecurityHeadersAssert.assertSecurityHeaders(unauthorized);
        assertThat(unauthorized.header("Cache-Control")).isEqualTo("no-store");
        Http.Response notFound = http.get("/api/v1/x", "Authorization", agent.bearer());
        SecurityHeadersAssert.assertSecurityHeaders(notFound);
        assertThat(notFound.header("Cache-Control")).isEqualTo("no-store");
        // plain http: no HSTS
        assertThat(notFound.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void jwksKeepsItsPublicCaching() {
        Http.Response jwks = http.get("/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Cache-Control")).contains("max-age=600").contains("public").doesNotContain("no-store");
        SecurityHeadersAssert.assertSecurityHeaders(jwks);
    }

    @Test
    void hstsOnSecureRequestsIncludingErrors() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        MvcResult secure = mvc.perform(get("/api/v1/x").secure(true)).andReturn();
        assertThat(secure.getResponse().getStatus()).isEqualTo(401);
        assertThat(secure.getResponse().getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
        MvcResult health = mvc.perform(get("/actuator/health").secure(true)).andReturn();
        assertThat(health.getResponse().getHeader("Strict-Transport-Security")).startsWith("max-age=31536000");
        MvcResult plain = mvc.perform(get("/actuator/health")).andReturn();
        assertThat(plain.getResponse().getHeader("Strict-Transport-Security")).isNull();
    }

    @Test
    void corsOnlyForAllowListedOrigins() {
        Http.Response allowed = preflight("/api/v1/leads", "https://app.example.test",
                "authorization, content-type, x-supabase-client-platform, idempotency-key");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.test");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(allowed.header("Access-Control-Allow-Headers")).containsIgnoringCase("x-supabase-client-platform");

        Http.Response foreign = preflight("/api/v1/leads", "https://evil.example", "authorization");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

        Http.Response badHeader = preflight("/api/v1/leads", "https://app.example.test", "x-evil-header");
        assertThat(badHeader.header("Access-Control-Allow-Origin")).isNull();

        Http.Response simple = http.get("/api/v1/x", "Origin", "https://evil.example", "Authorization", agent.bearer());
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void leadCapturePreflightIsOpenWithoutCredentials() {
        Http.Response r = preflight("/api/v1/public/lead-capture", "https://customer-site.example", "content-type, x-form-key");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isIn("*", "https://customer-site.example");
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }

    private Http.Response preflight(String path, String origin, String headers) {
        return http.send(http.request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", headers);
    }

    @Test
    void accessDeniedIs403ProblemAndAudited() throws Exception {
        Http.Response r = http.get("/test-only/denied", "Authorization", agent.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        String requestId = r.header("X-Request-Id");
        assertThat(r.json().get("request_id").asString()).isEqualTo(requestId);
        SecurityHeadersAssert.assertSecurityHeaders(r);
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(
                "select org_id, actor_id, outcome, details->>'path' from public.audit_events where request_id = ? and action = 'access_denied'")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("audit row for the denial").isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(org);
                assertThat(rs.getObject(2, UUID.class)).isEqualTo(agent.id());
                assertThat(rs.getString(3)).isEqualTo("denied");
                assertThat(rs.getString(4)).isEqualTo("/test-only/denied");
            }
        }
    }
}
