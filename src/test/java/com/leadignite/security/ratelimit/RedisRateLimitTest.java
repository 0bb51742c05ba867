package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.RedisSupport;
import com.leadignite.LeadIgniteApplication;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Limits shared through the machine's Redis by two service instances (this test's context and a second
 * one started beside it), with small limits of its own. Own configuration, hence its own context; keys
 * live under a prefix unique to the run and are deleted afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RedisRateLimitTest {

    static final String PREFIX = RedisSupport.uniquePrefix("rl");

    static final Map<String, Object> LIMITS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("leadignite.public-base-url", "http://localhost:8080"),
            Map.entry("leadignite.redis.url", RedisSupport.URL),
            Map.entry("leadignite.redis.key-prefix", PREFIX),
            Map.entry("leadignite.redis.command-timeout", "3s"),
            Map.entry("leadignite.client-ip.trusted-proxies", "127.0.0.2/32, fd00::/8"),
            Map.entry("leadignite.rate-limit.general.per-ip.quota", "100000"),
            Map.entry("leadignite.rate-limit.general.per-key.quota", "5"),
            Map.entry("leadignite.rate-limit.general.per-key.window", "1h"),
            Map.entry("leadignite.rate-limit.sign-in.per-ip.quota", "3"),
            Map.entry("leadignite.rate-limit.sign-in.per-ip.window", "1h"),
            Map.entry("leadignite.rate-limit.lead-capture.per-ip.quota", "100000"),
            Map.entry("leadignite.rate-limit.lead-capture.per-key.quota", "50"),
            Map.entry("leadignite.rate-limit.lead-capture.per-key.window", "1h"));

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        LIMITS.forEach((k, v) -> registry.add(k, () -> v));
    }

    static ConfigurableApplicationContext second;
    static int secondPort;

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    MeterRegistry meters;

    UUID orgId;

    @BeforeAll
    static void startSecondInstance() {
        second = new SpringApplicationBuilder(LeadIgniteApplication.class)
                .profiles("test")
                .run(LIMITS.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        RedisSupport.deleteAll(PREFIX);
    }

    @BeforeEach
    void setUp() {
        orgId = fixtures.createOrg("rl-redis");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(orgId);
    }

    @Test
    void perUserLimitHoldsExactlyAcrossTwoInstances() throws Exception {
        var user = fixtures.user(orgId, "agent");
        Http a = new Http(port);
        Http b = new Http(secondPort);
        int passed = 0;
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            Http.Response r = (i % 2 == 0 ? a : b).get("/api/v1/no-such-thing", "Authorization", user.bearer());
            if (r.status() == 429) {
                refused++;
            } else {
                assertThat(r.status()).isEqualTo(404);
                passed++;
            }
        }
        assertThat(passed).isEqualTo(5);
        assertThat(refused).isEqualTo(15);

        // The buckets live in Redis under this run's prefix, with an expiry.
        List<String> keys = RedisSupport.keys(PREFIX + "bucket:user:" + user.id());
        assertThat(keys).hasSize(1);
        assertThat(RedisSupport.pttl(keys.get(0))).isPositive();

        // The refusal is a quota-exceeded problem with Retry-After and both RateLimit fields.
        Http.Response r = a.get("/api/v1/no-such-thing", "Authorization", user.bearer());
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().path("type").asString()).isEqualTo("https://iana.org/assignments/http-problem-types#quota-exceeded");
        assertThat(r.json().path("status").asInt()).isEqualTo(429);
        assertThat(r.json().path("violated-policies").get(0).asString()).isEqualTo("user");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.header("RateLimit-Policy")).isEqualTo("\"ip\";q=100000;w=60, \"user\";q=5;w=3600");
        assertThat(r.header("RateLimit")).matches("\"ip\";r=\\d+;t=\\d+, \"user\";r=0;t=\\d+");

        // 16 refusals, but one audit row per key and window on each instance at most.
        assertThat(auditRows(user.id(), "rate_limited")).isBetween(1, 2);
        assertThat(meters.counter("leadignite.ratelimit.rejected", "group", "general", "policy", "user").count()).isPositive();
    }

    @Test
    void twoHundredConcurrentRequestsAgainstFiftyLetExactlyFiftyThrough() {
        // Only valid captures draw on a form key's bucket, so these are valid ones.
        var admin = fixtures.user(orgId, "admin");
        Http.Response created = new Http(port).post("/api/v1/form-keys",
                Map.of("allowed_origins", List.of("https://site.example")), "Authorization", admin.bearer());
        assertThat(created.status()).isEqualTo(201);
        String formKey = created.json().get("key").asString();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int target = i % 2 == 0 ? port : secondPort;
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + "/api/v1/public/lead-capture"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("X-Form-Key", formKey)
                    .header("Origin", "https://site.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"first_name\":\"Ada\",\"last_name\":\"L\",\"email\":\"a@example.test\"}"))
                    .build();
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        long through = all.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 201).count();
        long refused = all.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 429).count();
        assertThat(through).isEqualTo(50);
        assertThat(refused).isEqualTo(150);
    }

    @Test
    void signInLimitUsesTheSocketAddressUnlessThePeerIsATrustedProxy() {
        String path = "/auth/v1/token?grant_type=password";
        // A trusted proxy (127.0.0.2) forwards for client 198.51.100.10; whatever the client prepended
        // to X-Forwarded-For is ignored, the right-most untrusted entry is the client.
        for (String spoof : new String[] {"6.6.6.6", "7.7.7.7", "8.8.8.8"}) {
            RawHttp.Response r = RawHttp.post("127.0.0.2", port, path, "X-Forwarded-For", spoof + ", 198.51.100.10");
            assertThat(r.status()).isNotEqualTo(429);
        }
        RawHttp.Response limited = RawHttp.post("127.0.0.2", port, path, "X-Forwarded-For", "9.9.9.9, 198.51.100.10");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).contains("over_request_rate_limit");
        assertThat(limited.header("x-sb-error-code")).isEqualTo("over_request_rate_limit");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"ip\";q=3;w=3600");

        // The same client through the second instance is limited too (shared bucket).
        assertThat(RawHttp.post("127.0.0.2", secondPort, path, "X-Forwarded-For", "198.51.100.10").status()).isEqualTo(429);
        // Another client behind the same proxy is not.
        assertThat(RawHttp.post("127.0.0.2", port, path, "X-Forwarded-For", "198.51.100.11").status()).isNotEqualTo(429);
        // A malformed entry stops the walk: the proxy itself is then the client (its own bucket).
        assertThat(RawHttp.post("127.0.0.2", port, path, "X-Forwarded-For", "198.51.100.10, not-an-ip").status()).isNotEqualTo(429);

        // An untrusted peer (127.0.0.3) cannot escape its limit by claiming other addresses.
        for (String spoof : new String[] {"198.51.100.20", "198.51.100.21", "198.51.100.22"}) {
            assertThat(RawHttp.post("127.0.0.3", port, path, "X-Forwarded-For", spoof).status()).isNotEqualTo(429);
        }
        assertThat(RawHttp.post("127.0.0.3", port, path, "X-Forwarded-For", "198.51.100.23").status()).isEqualTo(429);
        assertThat(RawHttp.post("127.0.0.3", port, path).status()).isEqualTo(429);
        // ...nor use a client address another peer was limited under.
        assertThat(RawHttp.post("127.0.0.4", port, path, "X-Forwarded-For", "198.51.100.10").status()).isNotEqualTo(429);
    }

    private static int auditRows(UUID actor, String action) throws Exception {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select count(*) from public.audit_events where actor_id = ? and action = ?")) {
            ps.setObject(1, actor);
            ps.setString(2, action);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
