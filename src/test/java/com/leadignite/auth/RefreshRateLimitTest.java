package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The refresh grant's per-session limit (API.md §8: 30 / min) through the real endpoint. */
@IntegrationTest
class RefreshRateLimitTest {

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
    void refreshesBeyondThirtyPerMinuteOfOneSessionAreRefusedWithoutRotatingAnything() {
        JsonNode session = auth.signUpOrg();
        String token = session.get("refresh_token").asString();
        // The bucket refills greedily (one token every 2 s), so a slow machine earns a few extra refreshes
        // while the loop runs: allow exactly those, and fail if no refusal comes at all.
        long started = System.nanoTime();
        int granted = 0;
        Http.Response limited = null;
        while (granted < 60) {
            Http.Response r = auth.refresh(token);
            if (r.status() == 429) {
                limited = r;
                break;
            }
            assertThat(r.status()).as("refresh %d: %s", granted + 1, r.body()).isEqualTo(200);
            assertThat(r.header("RateLimit-Policy")).contains("\"session\";q=30;w=60");
            token = r.json().get("refresh_token").asString();
            granted++;
        }
        long refilled = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) / 2 + 1;
        assertThat(limited).as("no refusal after %d refreshes", granted).isNotNull();
        assertThat(granted).isBetween(30, 30 + (int) refilled);
        assertThat(limited.json().get("error_code").asString()).isEqualTo("over_request_rate_limit");
        assertThat(limited.header("Retry-After")).isNotNull();
        // The refusal rotated and revoked nothing: the session is still live and the token not spent.
        assertThat(AuthTestClient.scalar("select count(*) from auth.sessions where id = ? and revoked_at is null",
                sessionId(session))).isEqualTo(1L);
        assertThat(AuthTestClient.scalar("select count(*) from auth.refresh_tokens where rotated_at is null and session_id = ?",
                sessionId(session))).isEqualTo(1L);
    }

    private static java.util.UUID sessionId(JsonNode session) {
        String payload = session.get("access_token").asString().split("\\.")[1];
        JsonNode claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        return java.util.UUID.fromString(claims.get("session_id").asString());
    }
}
