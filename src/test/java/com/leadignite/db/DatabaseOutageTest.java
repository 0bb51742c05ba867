package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Http;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL stopped and started again under concurrent writes: while it is down every request is a
 * 503 with Retry-After (a problem, or the GoTrue shape under /auth/v1) and the health endpoint says DOWN;
 * once it is back the service recovers by itself, and every write that was acknowledged is there.
 * The database is this test's own embedded server on a random port (never the shared one on 5432).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// closed after this class: a cached context would keep reconnecting to the stopped server, logging all along
@DirtiesContext
class DatabaseOutageTest {

    static final int PG_PORT = freePort();
    static final Path PG_DIR = tempDir();
    static volatile EmbeddedPostgres pg = startPostgres();
    static final String URL = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/postgres";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("leadignite.database.url", () -> URL);
        registry.add("leadignite.data-dir", () -> PG_DIR.resolve("app").toString());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @LocalServerPort
    int port;

    record Seen(String what, int status, String retryAfter, String body) {
    }

    @Test
    void anOutageIsA503WithRetryAfterAndNothingAcknowledgedIsLost() throws Exception {
        Http http = new Http(port);
        String email = "outage-" + UUID.randomUUID() + "@example.com";
        String password = "Glacier-Pencil-Orbit-42";
        Http.Response signUp = http.post("/auth/v1/signup", Map.of("email", email, "password", password,
                "data", Map.of("org_name", "Outage Ltd")));
        assertThat(signUp.status()).isEqualTo(200);
        String bearer = "Bearer " + signUp.json().get("access_token").asString();

        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<Seen> unexpected = new ConcurrentLinkedQueue<>();
        Queue<Seen> unavailable = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        int writers = 14; // more than the pool's 10 connections
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                for (int i = 0; !stop.get() && i < 2_000; i++) {
                    Http.Response r = http.post("/api/v1/leads", Map.of("first_name", "W" + writer, "last_name", "N" + i),
                            "Authorization", bearer);
                    if (r.status() == 201) {
                        acknowledged.add(r.json().get("id").asString());
                    } else if (r.status() == 503 && r.header("Retry-After") != null) {
                        unavailable.add(new Seen("lead", r.status(), r.header("Retry-After"), r.body()));
                    } else {
                        unexpected.add(new Seen("lead", r.status(), r.header("Retry-After"), r.body()));
                    }
                }
                return null;
            });
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 30);

            pg.close(); // fast shutdown: open connections are cut
            await().atMost(Duration.ofSeconds(60)).until(() -> !unavailable.isEmpty() || !unexpected.isEmpty());
            assertThat(unexpected).as("answers other than 201 or 503 with Retry-After").isEmpty();

            // while it is down: the API, the token check, the GoTrue routes and health all say so
            Http.Response list = http.get("/api/v1/leads", "Authorization", bearer);
            assertThat(list.status()).isEqualTo(503);
            assertThat(list.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(list.header("Content-Type")).startsWith("application/problem+json");
            assertThat(list.json().get("type").asString()).endsWith("/service-unavailable");
            assertThat(list.body()).doesNotContainIgnoringCase("sql").doesNotContain("127.0.0.1").doesNotContain("Exception");

            Http.Response signIn = http.post("/auth/v1/token?grant_type=password", Map.of("email", email, "password", password));
            assertThat(signIn.status()).isEqualTo(503);
            assertThat(signIn.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(signIn.json().has("type")).isFalse();
            assertThat(signIn.json().get("code").asInt()).isEqualTo(503);
            assertThat(signIn.header("x-sb-error-code")).isNotBlank();

            Http.Response user = http.get("/auth/v1/user", "Authorization", bearer);
            assertThat(user.status()).isEqualTo(503);
            assertThat(user.json().has("type")).isFalse();

            Http.Response health = http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("DOWN");

            pg = startPostgres();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/actuator/health").status() == 200);
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 30);
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(unexpected).as("answers other than 201 or 503 with Retry-After").isEmpty();
        assertThat(unavailable).allSatisfy(s -> assertThat(s.body()).contains("/service-unavailable"));
        List<String> ids = List.copyOf(acknowledged);
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
             PreparedStatement ps = c.prepareStatement("select count(*) from public.leads where id = any(?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("acknowledged leads still stored").isEqualTo(ids.size());
            }
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(PG_DIR.resolve("pg")).setCleanDataDirectory(false)
                    .setPort(PG_PORT).setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("outage");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
