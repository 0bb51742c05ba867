package com.leadignite;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances on one database (README, Scaling): with the same PUBLIC_BASE_URL and master key, a
 * token one instance issued is accepted by another listening on a different port; an instance with a
 * different PUBLIC_BASE_URL refuses it and says why in its log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScalingTest {

    private static ConfigurableApplicationContext instance(String publicBaseUrl) {
        return new SpringApplicationBuilder(LeadIgniteApplication.class)
                .profiles("test")
                .run("--server.port=0", "--leadignite.public-base-url=" + publicBaseUrl);
    }

    private static Http http(ConfigurableApplicationContext ctx) {
        return new Http(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    @Test
    void aTokenFromOneInstanceIsAcceptedByAnotherWithTheSamePublicBaseUrl(CapturedOutput output) {
        try (var a = instance("https://api.example.test"); var b = instance("https://api.example.test");
             var other = instance("https://other.example.test")) {
            assertThat(http(a).base()).isNotEqualTo(http(b).base());
            Http.Response signUp = http(a).post("/auth/v1/signup", Map.of("email", "scale-" + UUID.randomUUID() + "@example.com",
                    "password", "Glacier-Pencil-Orbit-42", "data", Map.of("org_name", "Scale Ltd")));
            assertThat(signUp.status()).isEqualTo(200);
            String bearer = "Bearer " + signUp.json().get("access_token").asString();
            String refresh = signUp.json().get("refresh_token").asString();

            assertThat(http(b).get("/auth/v1/user", "Authorization", bearer).status()).isEqualTo(200);
            assertThat(http(b).get("/api/v1/leads", "Authorization", bearer).status()).isEqualTo(200);
            // and the session continues on the other instance
            Http.Response refreshed = http(b).post("/auth/v1/token?grant_type=refresh_token", Map.of("refresh_token", refresh));
            assertThat(refreshed.status()).isEqualTo(200);
            String next = "Bearer " + refreshed.json().get("access_token").asString();
            assertThat(http(a).get("/auth/v1/user", "Authorization", next).status()).isEqualTo(200);

            // a different PUBLIC_BASE_URL is a different issuer: refused, and the log says why
            assertThat(http(other).get("/api/v1/leads", "Authorization", bearer).status()).isEqualTo(401);
            assertThat(output.getAll()).contains("issued as https://api.example.test/auth/v1")
                    .contains("instances sharing a database must share one PUBLIC_BASE_URL");
        }
    }
}
