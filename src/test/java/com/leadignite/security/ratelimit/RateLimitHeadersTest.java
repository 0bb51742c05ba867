package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** RateLimit fields on every route, per route group (shared context: limits in process, per-IP quotas raised). */
@IntegrationTest
class RateLimitHeadersTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    RateLimitProperties props;
    @Autowired
    JsonMapper jsonMapper;

    Http http;
    UUID orgId;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        orgId = fixtures.createOrg("rl-headers");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(orgId);
    }

    private static String policy(String name, RateLimitProperties.Limit l) {
        return "\"" + name + "\";q=" + l.quota() + ";w=" + l.windowSeconds();
    }

    @Test
    void publicRoutesCarryTheIpPolicy() {
        for (String path : new String[] {"/actuator/health", "/.well-known/jwks.json"}) {
            Http.Response r = http.get(path);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("RateLimit-Policy")).isEqualTo(policy("ip", props.general().perIp()));
            assertThat(r.header("RateLimit")).matches("\"ip\";r=\\d+;t=\\d+");
        }
    }

    @Test
    void unauthenticatedApiCallIsLimitedPerIpBeforeTokenCheck() {
        Http.Response r = http.get("/api/v1/leads", "Authorization", "Bearer not-a-token");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("RateLimit-Policy")).isEqualTo(policy("ip", props.general().perIp()));
    }

    @Test
    void authenticatedCallCarriesIpAndUserPolicies() {
        var user = fixtures.user(orgId, "agent");
        Http.Response r = http.get("/api/v1/no-such-thing", "Authorization", user.bearer());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("RateLimit-Policy"))
                .isEqualTo(policy("ip", props.general().perIp()) + ", " + policy("user", props.general().perKey()));
        assertThat(r.header("RateLimit")).matches("\"ip\";r=\\d+;t=\\d+, \"user\";r=" + (props.general().perKey().quota() - 1) + ";t=\\d+");
    }

    @Test
    void authRoutesUseTheirGroups() {
        Http.Response signIn = http.post("/auth/v1/token?grant_type=password", "{}");
        assertThat(signIn.header("RateLimit-Policy")).isEqualTo(policy("ip", props.signIn().perIp()));
        Http.Response refresh = http.post("/auth/v1/token?grant_type=refresh_token", "{}");
        assertThat(refresh.header("RateLimit-Policy")).isEqualTo(policy("ip", props.refresh().perIp()));
        Http.Response signUp = http.post("/auth/v1/signup", "{}");
        assertThat(signUp.header("RateLimit-Policy")).isEqualTo(policy("ip", props.signUp().perIp()));
        // A capture refused by its checks draws on the sender's address only, never on the form key's bucket.
        Http.Response capture = http.post("/api/v1/public/lead-capture", "{}", "X-Form-Key", "fk_" + UUID.randomUUID());
        assertThat(capture.header("RateLimit-Policy")).isEqualTo(policy("ip", props.leadCapture().perIp()));
    }

    @Test
    void groupsAreClassifiedByRoute() {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/auth/v1/token");
        req.setQueryString("grant_type=refresh_token");
        assertThat(RouteGroup.of(req)).isEqualTo(RouteGroup.REFRESH);
        req.setQueryString("grant_type=password");
        assertThat(RouteGroup.of(req)).isEqualTo(RouteGroup.SIGN_IN);
        req.setQueryString("grant_type=%zz");
        assertThat(RouteGroup.of(req)).isEqualTo(RouteGroup.SIGN_IN);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/auth/v1/reauthenticate"))).isEqualTo(RouteGroup.SIGN_IN);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/api/v1/invitations"))).isEqualTo(RouteGroup.SIGN_UP);
        // Routes that send mail are bounded like sign-up; guessing mailed codes like guessing passwords.
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/auth/v1/recover"))).isEqualTo(RouteGroup.SIGN_UP);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/auth/v1/resend"))).isEqualTo(RouteGroup.SIGN_UP);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/auth/v1/Recover"))).isEqualTo(RouteGroup.SIGN_UP);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/auth/v1/verify"))).isEqualTo(RouteGroup.SIGN_IN);
        assertThat(RouteGroup.of(new MockHttpServletRequest("GET", "/api/v1/leads"))).isEqualTo(RouteGroup.GENERAL);
        assertThat(RouteGroup.of(new MockHttpServletRequest("POST", "/webhooks/vapi/x"))).isEqualTo(RouteGroup.WEBHOOKS);
    }

    @Test
    void jsonParsingIsBoundedAndKeepsBootSettings() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThatThrownBy(() -> jsonMapper.readTree(deep))
                .isInstanceOf(tools.jackson.core.exc.StreamConstraintsException.class);
        assertThat(jsonMapper.readTree("[".repeat(20) + "]".repeat(20)).isArray()).isTrue();
        String longString = "\"" + "a".repeat(1_048_577) + "\"";
        assertThatThrownBy(() -> jsonMapper.readTree(longString))
                .isInstanceOf(tools.jackson.core.exc.StreamConstraintsException.class);
        // Boot's own settings (snake_case) still apply to the constrained mapper.
        record Probe(String firstName) {
        }
        assertThat(jsonMapper.writeValueAsString(new Probe("a"))).isEqualTo("{\"first_name\":\"a\"}");
    }
}
