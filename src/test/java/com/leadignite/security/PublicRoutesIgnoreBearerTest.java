package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A stray bearer (supabase-js sends its publishable key) must not turn a public call into an auth failure. */
@IntegrationTest
class PublicRoutesIgnoreBearerTest {

    @LocalServerPort
    int port;

    @Test
    void passwordSignInIgnoresAPublishableKeyBearer() {
        var res = new Http(port).post("/auth/v1/token?grant_type=password",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong password 123"),
                "Authorization", "Bearer sb_publishable_not_a_jwt", "apikey", "sb_publishable_not_a_jwt");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.json().path("error_code").asString()).isEqualTo("invalid_credentials");
    }

    @Test
    void webhooksIgnoreAnAuthorizationHeader() {
        var res = new Http(port).post("/webhooks/vapi/" + UUID.randomUUID(), "{}", "Authorization", "Bearer whatever");
        assertThat(res.status()).isEqualTo(404);
    }

    @Test
    void protectedRoutesStillReadTheBearer() {
        var res = new Http(port).get("/api/v1/leads", "Authorization", "Bearer sb_publishable_not_a_jwt");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
