package com.leadignite.ratelimit.bench;

import com.leadignite.LeadIgniteApplication;
import com.leadignite.ratelimit.RedisSupport;
import com.leadignite.security.ratelimit.BucketLimiter;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.security.ratelimit.RedisProperties;
import com.leadignite.security.resources.CapacityExceededException;
import com.leadignite.security.resources.PasswordHashingBulkhead;
import com.leadignite.security.resources.ResourceLimitProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Benchmark, not a test: what the rate limiter adds per request (in process and with Redis), and how
 * other endpoints fare while password hashing is flooded. Run it with {@code bench/ratelimit.sh}; it
 * is not part of the suite (its name matches no surefire include). Loopback only; every loop is
 * bounded. Results go to stdout and {@code target/bench/ratelimit.md}.
 */
class RateLimitBench {

    static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    static final int REQUESTS = Integer.getInteger("bench.requests", 5000);
    static final int CALLS = Integer.getInteger("bench.calls", 20000);
    static final int FLOOD_THREADS = Integer.getInteger("bench.floodThreads", 8);

    final StringBuilder report = new StringBuilder();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void run() throws Exception {
        line("# Rate limiter benchmark");
        line("");
        line("cores: " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version"));
        line("");
        limiterAlone();
        endToEnd();
        flood();
        Path out = Path.of("target/bench/ratelimit.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** One tryConsume against the limiter itself. */
    void limiterAlone() {
        line("## Limiter call alone (" + CALLS + " calls, 1 thread, distinct key per 1000 calls)");
        line("");
        line("| store | median µs | p99 µs |");
        line("|---|---|---|");
        Limit limit = Limit.of(1_000_000_000L, Duration.ofMinutes(1));
        RedisConnections none = new RedisConnections(new RedisProperties("", "bench:", Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        row("in process", measure(new BucketLimiter(none, Clock.systemUTC()), limit));
        String prefix = RedisSupport.uniquePrefix("bench");
        RedisConnections redis = new RedisConnections(new RedisProperties(RedisSupport.URL, prefix, Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        try {
            row("Redis (127.0.0.1)", measure(new BucketLimiter(redis, Clock.systemUTC()), limit));
        } finally {
            redis.destroy();
            RedisSupport.deleteAll(prefix);
        }
        line("");
    }

    private static long[] measure(BucketLimiter limiter, Limit limit) {
        for (int i = 0; i < Math.min(CALLS, 5000); i++) {
            limiter.tryConsume("warm:" + (i / 1000), limit);
        }
        long[] t = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long s = System.nanoTime();
            limiter.tryConsume("k:" + (i / 1000), limit);
            t[i] = System.nanoTime() - s;
        }
        return t;
    }

    /** GET /api/v1/leads without a token (401 from the security chain: no database work) over HTTP. */
    void endToEnd() throws Exception {
        line("## End to end: GET /api/v1/leads → 401 (" + REQUESTS + " sequential requests after " + WARMUP + " warm-up)");
        line("");
        line("| limiter | median µs | p99 µs |");
        line("|---|---|---|");
        String prefix = RedisSupport.uniquePrefix("bench-http");
        try {
            row("off (leadignite.rate-limit.enabled=false)", http("--leadignite.rate-limit.enabled=false"));
            row("in process", http());
            row("Redis (127.0.0.1)", http("--leadignite.redis.url=" + RedisSupport.URL, "--leadignite.redis.key-prefix=" + prefix));
        } finally {
            RedisSupport.deleteAll(prefix);
        }
        line("");
    }

    private long[] http(String... extra) throws Exception {
        try (ConfigurableApplicationContext app = start(extra)) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            return latencies(base + "/api/v1/leads", WARMUP, REQUESTS, 401);
        }
    }

    /** Latency of other requests while threads hash passwords as fast as they can, bounded or not. */
    void flood() throws Exception {
        line("## Other endpoints during a password-hashing flood");
        line("");
        line("Sign-in is not on this branch, so the flood calls `PasswordHashingBulkhead.run` with Argon2id "
                + "(Spring Security v5.8 defaults: 16 MiB, 2 iterations) from " + FLOOD_THREADS
                + " threads inside the service JVM, as sign-in request threads would. Measured: GET /api/v1/leads (401), "
                + (REQUESTS / 2) + " sequential requests.");
        line("");
        line("| flood | permits | median µs | p99 µs | hashes/s | refused/s |");
        line("|---|---|---|---|---|---|");
        try (ConfigurableApplicationContext app = start()) {
            String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/api/v1/leads";
            latencies(url, WARMUP, 10, 401);
            floodRow("none", 0, url);
            floodRow("bulkhead", 1, url);
            floodRow("bulkhead", Runtime.getRuntime().availableProcessors(), url);
            floodRow("unbounded", FLOOD_THREADS, url);
        }
        line("");
    }

    private void floodRow(String label, int permits, String url) throws Exception {
        if (permits == 0) {
            long[] t = latencies(url, 200, REQUESTS / 2, 401);
            line("| " + label + " | - | " + us(pct(t, 50)) + " | " + us(pct(t, 99)) + " | 0 | 0 |");
            return;
        }
        PasswordHashingBulkhead bulkhead = new PasswordHashingBulkhead(new ResourceLimitProperties(permits,
                Duration.ofMillis(50), 32, 1_048_576, 256, 100, 200_000), new SimpleMeterRegistry());
        Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong hashes = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD_THREADS);
        long start = System.nanoTime();
        for (int i = 0; i < FLOOD_THREADS; i++) {
            pool.submit(() -> {
                for (int n = 0; n < 100_000 && !stop.get(); n++) { // bounded
                    try {
                        bulkhead.run(() -> argon2.encode("correct horse battery staple"));
                        hashes.incrementAndGet();
                    } catch (CapacityExceededException e) {
                        refused.incrementAndGet();
                    }
                }
            });
        }
        long[] t;
        try {
            Thread.sleep(500);
            t = latencies(url, 0, REQUESTS / 2, 401);
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        line("| " + label + " | " + permits + " | " + us(pct(t, 50)) + " | " + us(pct(t, 99)) + " | "
                + Math.round(hashes.get() / secs) + " | " + Math.round(refused.get() / secs) + " |");
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--leadignite.rate-limit.general.per-ip.quota=1000000000",
                "--leadignite.rate-limit.general.per-key.quota=1000000000"));
        args.addAll(Arrays.asList(extra));
        return new SpringApplicationBuilder(LeadIgniteApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private long[] latencies(String url, int warmup, int n, int expectStatus) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < warmup; i++) {
            http.send(req, HttpResponse.BodyHandlers.discarding());
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            t[i] = System.nanoTime() - s;
            if (r.statusCode() != expectStatus) {
                throw new IllegalStateException("unexpected status " + r.statusCode());
            }
        }
        return t;
    }

    private void row(String label, long[] t) {
        line("| " + label + " | " + us(pct(t, 50)) + " | " + us(pct(t, 99)) + " |");
    }

    private static long pct(long[] t, double p) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static String us(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
