package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.LeadIgniteApplication;
import com.leadignite.auth.signin.SignInAttempts;
import com.leadignite.auth.signin.SignInAttempts.Verdict;
import com.leadignite.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service pointed at a dead Redis (127.0.0.1:1) starts, keeps answering and keeps enforcing its
 * limits and lockouts with in-process counters, and says so through its metrics.
 */
class RedisDownTest {

    static ConfigurableApplicationContext app;
    static Http http;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(LeadIgniteApplication.class).profiles("test").run(
                "--server.port=0",
                "--leadignite.redis.url=redis://127.0.0.1:1",
                "--leadignite.rate-limit.sign-in.per-ip.quota=2",
                "--leadignite.rate-limit.sign-in.per-ip.window=1h");
        http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void limitsStillHoldOnThisInstance() {
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.post("/auth/v1/token?grant_type=password", "{}").status()).isNotEqualTo(429);
        assertThat(http.post("/auth/v1/token?grant_type=password", "{}").status()).isNotEqualTo(429);
        Http.Response limited = http.post("/auth/v1/token?grant_type=password", "{}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error_code").asString()).isEqualTo("over_request_rate_limit");

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("leadignite.redis.failures").counter().count()).isPositive();
        assertThat(meters.get("leadignite.redis.up").gauge().value()).isZero();
        assertThat(app.getBean(RedisConnections.class).up()).isFalse();
    }

    @Test
    void lockoutsStillHold() {
        SignInAttempts attempts = app.getBean(SignInAttempts.class);
        String email = "redis-down-" + System.nanoTime() + "@example.test";
        for (int i = 0; i < 10; i++) {
            attempts.failed(email, "198.51.100.200");
        }
        assertThat(attempts.before(email, "198.51.100.200", null)).isEqualTo(Verdict.LOCKED);
    }
}
