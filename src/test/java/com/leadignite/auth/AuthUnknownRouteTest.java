package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Paths and methods under /auth/v1 that no handler serves answer 404 {@code not_found} / 405
 * {@code method_not_allowed} in the GoTrue shapes whatever Authorization header comes with them
 * (supabase-js sends its publishable key as a bearer), while known routes keep their bearer checks.
 */
@IntegrationTest
class AuthUnknownRouteTest {

    static final String V2024 = "2024-01-01";

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

    /** The header sets a caller may send: none, the publishable key (as supabase-js does), a garbage JWT, a real token. */
    private List<String[]> credentials() {
        String token = auth.signUpOrg().get("access_token").asString();
        List<String[]> out = new ArrayList<>();
        out.add(new String[0]);
        out.add(new String[] {"apikey", "sb_publishable_abc123", "Authorization", "Bearer sb_publishable_abc123"});
        out.add(new String[] {"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"});
        out.add(new String[] {"Authorization", "Bearer " + token});
        return out;
    }

    private static void assertShape(Http.Response r, int status, String code, boolean v2024) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("x-sb-error-code")).isEqualTo(code);
        JsonNode b = r.json();
        if (v2024) {
            assertThat(r.header("X-Supabase-Api-Version")).isEqualTo(V2024);
            assertThat(b.get("code").asString()).isEqualTo(code);
            assertThat(b.get("message").asString()).isNotBlank();
        } else {
            assertThat(b.get("code").asInt()).isEqualTo(status);
            assertThat(b.get("error_code").asString()).isEqualTo(code);
            assertThat(b.get("msg").asString()).isNotBlank();
        }
        assertThat(r.body()).doesNotContainIgnoringCase("exception").doesNotContain("sb_publishable");
    }

    private static String[] with(String[] headers, String... more) {
        return AuthTestClient.concat(headers, more);
    }

    @Test
    void unknownPathsAreNotFoundWhateverTheAuthorization() {
        for (String[] h : credentials()) {
            for (String path : List.of("/auth/v1/settings", "/auth/v1/health", "/auth/v1/nope", "/auth/v1",
                    "/auth/v1/", "/auth/v1/user/", "/auth/v1/USER", "/auth/v1/user/extra", "/auth/v1/factors/x/verify")) {
                assertShape(auth.http.get(path, h), 404, "not_found", false);
                assertShape(auth.http.get(path, with(h, "X-Supabase-Api-Version", V2024)), 404, "not_found", true);
            }
            assertShape(auth.http.post("/auth/v1/otp", Map.of("email", "a@example.test"), h), 404, "not_found", false);
            assertShape(auth.http.post("/auth/v1/magiclink", Map.of("email", "a@example.test"),
                    with(h, "X-Supabase-Api-Version", V2024)), 404, "not_found", true);
        }
    }

    @Test
    void wrongMethodOnAKnownPathIsMethodNotAllowedWhateverTheAuthorization() {
        for (String[] h : credentials()) {
            Http.Response r = auth.http.delete("/auth/v1/user", h);
            assertShape(r, 405, "method_not_allowed", false);
            assertThat(r.header("Allow")).contains("GET").contains("PUT");
            assertShape(auth.http.get("/auth/v1/signup", with(h, "X-Supabase-Api-Version", V2024)), 405,
                    "method_not_allowed", true);
            assertShape(auth.http.patch("/auth/v1/token?grant_type=password", Map.of(), h), 405, "method_not_allowed", false);
            assertShape(auth.http.get("/auth/v1/logout", h), 405, "method_not_allowed", false);
            assertShape(auth.http.send(auth.http.request("/auth/v1/.well-known/jwks.json")
                    .method("POST", HttpRequest.BodyPublishers.noBody()), h), 405, "method_not_allowed", false);
        }
    }

    @Test
    void knownRoutesKeepTheirBearerChecks() {
        assertShape(auth.http.get("/auth/v1/user"), 401, "no_authorization", false);
        assertShape(auth.http.get("/auth/v1/user", "apikey", "sb_publishable_abc123",
                "Authorization", "Bearer sb_publishable_abc123"), 403, "bad_jwt", false);
        assertShape(auth.http.put("/auth/v1/user", Map.of("data", Map.of()), "Authorization", "Bearer x.y.z"),
                403, "bad_jwt", false);
        assertShape(auth.http.post("/auth/v1/logout", null), 401, "no_authorization", false);
        // HEAD is GET for the handler, so it stays behind the bearer check too
        Http.Response head = auth.http.send(auth.http.request("/auth/v1/user").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(401);
        String token = auth.signUpOrg().get("access_token").asString();
        assertThat(auth.getUser(token).status()).isEqualTo(200);
    }
}
