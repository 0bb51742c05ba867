package com.leadignite.security.ratelimit;

import com.leadignite.support.RedisSupport;
import com.leadignite.LeadIgniteApplication;
import com.leadignite.auth.password.PasswordHasher;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import com.leadignite.security.resources.PasswordHashingBulkhead;
import com.leadignite.support.Fixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark, not a test: what the rate limiter adds per request (in process and with Redis), and how
 * an unrelated authenticated endpoint fares during a real HTTP sign-in flood, with the password-hashing
 * bulkhead at its default size and effectively unbounded. Run it with {@code bench/ratelimit.sh}; it is
 * not part of the suite (its name matches no surefire include). Loopback only; every loop is bounded by
 * a count and a duration. Results go to stdout and {@code target/bench/ratelimit.md}.
 */
class RateLimitBench {

    static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    static final int REQUESTS = Integer.getInteger("bench.requests", 5000);
    static final int CALLS = Integer.getInteger("bench.calls", 20000);
    static final int FLOOD_THREADS = Math.min(64, Integer.getInteger("bench.floodThreads", 16));
    static final int FLOOD_SECONDS = Math.min(120, Integer.getInteger("bench.floodSeconds", 20));
    static final int FLOOD_REQUESTS = Integer.getInteger("bench.floodRequests", 10000);
    static final int FLOOD_ROUNDS = Math.min(5, Integer.getInteger("bench.floodRounds", 2));
    static final int ACCOUNTS = 200;
    static final int LEADS = 30;
    static final String PASSWORD = "bench-correct-horse-battery-staple";

    final StringBuilder report = new StringBuilder();
    final HttpClient http = client();

    @Test
    void run() throws Exception {
        line("# Rate limiter benchmark");
        line("");
        line("cores: " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        line("");
        limiterAlone();
        endToEnd();
        flood();
        Path out = Path.of("target/bench/ratelimit.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    // ---------------------------------------------------------------- limiter alone

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
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisConnections redis = new RedisConnections(new RedisProperties(RedisSupport.URL, prefix, Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC(), meters);
        String check;
        try {
            redis.warmUp(); // connect before measuring; otherwise the first calls run in process
            if (!redis.up()) {
                throw new IllegalStateException("Redis at " + RedisSupport.URL + " does not answer");
            }
            row("Redis (127.0.0.1)", measure(new BucketLimiter(redis, Clock.systemUTC()), limit));
            check = redisCheck(prefix, meters.counter("leadignite.redis.failures").count());
        } finally {
            redis.destroy();
            RedisSupport.deleteAll(prefix);
        }
        line("");
        line(check);
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

    // ---------------------------------------------------------------- end to end

    /** GET /api/v1/leads without a token (401, no database work) and with one (200, real work), over HTTP. */
    void endToEnd() throws Exception {
        line("## End to end: GET /api/v1/leads (" + REQUESTS + " sequential requests after " + WARMUP + " warm-up, each kind)");
        line("");
        line("401 = no token (answered by the security chain, no database work); 200 = valid access token: "
                + "signature check, session lookup, page of " + LEADS + " leads (count + select) under RLS.");
        line("");
        line("| round | limiter | 401 median µs | 401 p99 µs | 200 median µs | 200 p99 µs |");
        line("|---|---|---|---|---|---|");
        String prefix = RedisSupport.uniquePrefix("bench-http");
        // All three instances stay up and are measured in turn, twice: the first instance measured in a
        // JVM pays for JIT warm-up the others inherit, and the machine's load drifts.
        try (Instance off = new Instance("--leadignite.rate-limit.enabled=false");
             Instance local = new Instance("--leadignite.rate-limit.enabled=true");
             Instance redis = new Instance("--leadignite.redis.url=" + RedisSupport.URL, "--leadignite.redis.key-prefix=" + prefix)) {
            for (int round = 1; round <= 2; round++) {
                endToEndRow(round, "off (leadignite.rate-limit.enabled=false)", off);
                endToEndRow(round, "in process", local);
                endToEndRow(round, "Redis (127.0.0.1)", redis);
            }
            line("");
            line(redisCheck(prefix, redis.counter("leadignite.redis.failures")));
        } finally {
            RedisSupport.deleteAll(prefix);
        }
        line("");
    }

    private void endToEndRow(int round, String label, Instance app) throws Exception {
        long[] anon = latencies(http, app.leads(null), WARMUP, REQUESTS, 401, Long.MAX_VALUE);
        long[] auth = latencies(http, app.leads(app.token), WARMUP, REQUESTS, 200, Long.MAX_VALUE);
        line("| " + round + " | " + label + " | " + us(pct(anon, 50)) + " | " + us(pct(anon, 99)) + " | "
                + us(pct(auth, 50)) + " | " + us(pct(auth, 99)) + " |");
    }

    private static String redisCheck(String prefix, double failures) {
        int keys = RedisSupport.keys(prefix).size();
        if (keys == 0) {
            throw new IllegalStateException("the Redis row wrote no Redis keys: it ran in process");
        }
        return "Redis check: " + keys + " bucket keys written under the run's prefix, " + Math.round(failures)
                + " failed Redis commands (each failure would have fallen back to in-process counters).";
    }

    // ---------------------------------------------------------------- sign-in flood

    /** An authenticated endpoint's latency while client threads flood POST /auth/v1/token?grant_type=password. */
    void flood() throws Exception {
        line("## GET /api/v1/leads (authenticated, 200) during a sign-in flood");
        line("");
        line(FLOOD_THREADS + " client threads POST `/auth/v1/token?grant_type=password` back to back for "
                + FLOOD_SECONDS + " s over loopback (1 in 10 with the right password of one of " + ACCOUNTS
                + " accounts, the rest wrong passwords of those accounts or unknown emails; per-IP sign-in quota "
                + "raised to 10^9/min and `brute-force.ip-max-failures` to 100000 so neither ends the flood). "
                + "Meanwhile one thread sends sequential authenticated `GET /api/v1/leads` (at most "
                + FLOOD_REQUESTS + " in the window, after a 2 s ramp-up). Rates are over the measuring window.");
        line("");
        line("| flood | bulkhead | leads median ms | leads p99 ms | leads n | sign-ins answered/s | 429/s | of which bulkhead/s | sign-in median ms | sign-in p99 ms | load avg |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        int cores = Runtime.getRuntime().availableProcessors();
        // Both instances stay up (the idle one costs next to nothing) so the rows can alternate: the
        // machine's background load drifts, and alternating shows how much of a difference is drift.
        try (Instance bounded = new Instance("--leadignite.resource-limits.password-hashing-permits=0",
                "--leadignite.resource-limits.password-hashing-wait=200ms");
             Instance unbounded = new Instance("--leadignite.resource-limits.password-hashing-permits=64",
                "--leadignite.resource-limits.password-hashing-wait=10s");
             Instance one = new Instance("--leadignite.resource-limits.password-hashing-permits=1",
                "--leadignite.resource-limits.password-hashing-wait=200ms")) {
            bounded.seedAccounts();
            unbounded.seedAccounts();
            one.seedAccounts();
            String b = "default: " + bounded.permits() + " permits (= cores), 200 ms wait";
            String u = "unbounded: " + unbounded.permits() + " permits, 10 s wait";
            String o = "smaller: " + one.permits() + " permit, 200 ms wait";
            floodRow(bounded, true, 5, null); // JIT warm-up of Argon2id and the sign-in path, not reported
            floodRow(unbounded, true, 5, null);
            floodRow(one, true, 3, null);
            floodRow(bounded, false, FLOOD_SECONDS, b);
            floodRow(unbounded, false, FLOOD_SECONDS, u);
            for (int round = 0; round < FLOOD_ROUNDS; round++) {
                floodRow(bounded, true, FLOOD_SECONDS, b);
                floodRow(unbounded, true, FLOOD_SECONDS, u);
                floodRow(one, true, FLOOD_SECONDS, o);
            }
        }
        line("");
        line("cores seen by the JVM: " + cores + "; client and service share them. Rows alternate between the "
                + "instances (" + FLOOD_ROUNDS + " rounds); load avg = the machine's 1-minute load average at the end of the row.");
        line("");
    }

    /** One row (flood or not) of {@code seconds}; a null label measures without reporting (warm-up). */
    private void floodRow(Instance app, boolean flood, int seconds, String bulkheadLabel) throws Exception {
        HttpRequest leads = app.leads(app.token);
        latencies(http, leads, 300, 1, 200, Long.MAX_VALUE); // re-warm after the previous row
        if (!flood) {
            long[] t = latencies(http, leads, 0, FLOOD_REQUESTS, 200, deadline(seconds));
            line("| none | " + bulkheadLabel + " | " + ms(pct(t, 50)) + " | " + ms(pct(t, 99)) + " | " + t.length
                    + " | 0 | 0 | 0 | - | - | " + loadAverage() + " |");
            return;
        }
        HttpClient floodClient = client();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean window = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong tooMany = new AtomicLong();
        AtomicLong other = new AtomicLong();
        ConcurrentLinkedQueue<Long> signInTimes = new ConcurrentLinkedQueue<>();
        long hardStop = deadline(seconds + 30);
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD_THREADS);
        for (int i = 0; i < FLOOD_THREADS; i++) {
            pool.submit(() -> {
                for (int n = 0; n < 1_000_000 && !stop.get() && System.nanoTime() < hardStop; n++) { // bounded
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = floodClient.send(app.signIn(n), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (!window.get()) {
                        continue;
                    }
                    if (status == 200 || status == 400) {
                        answered.incrementAndGet();
                        signInTimes.add(System.nanoTime() - s);
                        if (status == 200) {
                            succeeded.incrementAndGet();
                        }
                    } else if (status == 429) {
                        tooMany.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                }
            });
        }
        long[] t;
        double secs;
        double bulkheadRefused;
        try {
            Thread.sleep(2000); // deliberate: let the flood reach a steady state before the measured window opens
            double rejectedBefore = app.bulkheadRejected();
            window.set(true);
            long start = System.nanoTime();
            t = latencies(http, leads, 0, FLOOD_REQUESTS, 200, deadline(seconds));
            window.set(false);
            secs = (System.nanoTime() - start) / 1e9;
            bulkheadRefused = app.bulkheadRejected() - rejectedBefore;
        } finally {
            stop.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        if (bulkheadLabel == null) {
            return;
        }
        long[] s = signInTimes.stream().mapToLong(Long::longValue).toArray();
        line("| " + FLOOD_THREADS + " threads | " + bulkheadLabel + " | " + ms(pct(t, 50)) + " | " + ms(pct(t, 99)) + " | " + t.length
                + " | " + rate(answered.get(), secs) + " (" + rate(succeeded.get(), secs) + " right)"
                + " | " + rate(tooMany.get(), secs) + " | " + rate(bulkheadRefused, secs)
                + " | " + (s.length == 0 ? "-" : ms(pct(s, 50))) + " | " + (s.length == 0 ? "-" : ms(pct(s, 99)))
                + " | " + loadAverage() + " |");
        if (other.get() > 0) {
            line("");
            line("(" + other.get() + " sign-in requests in that row ended with another status or an I/O error)");
            line("");
        }
    }

    // ---------------------------------------------------------------- service instances

    /**
     * One service instance in this JVM ({@code test} profile: per-JVM throw-away database) on a random
     * loopback port, with an org, an admin with a live session and {@link #LEADS} leads; closing it
     * deletes the org and stops the instance.
     */
    final class Instance implements AutoCloseable {

        final ConfigurableApplicationContext ctx;
        final String base;
        final Fixtures fixtures;
        final UUID org;
        final String token;
        final List<String> accounts = new ArrayList<>();

        Instance(String... extra) throws Exception {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                    "--logging.level.root=WARN",
                    "--leadignite.rate-limit.general.per-ip.quota=1000000000",
                    "--leadignite.rate-limit.general.per-key.quota=1000000000",
                    "--leadignite.rate-limit.sign-in.per-ip.quota=1000000000",
                    "--leadignite.brute-force.ip-max-failures=100000"));
            args.addAll(Arrays.asList(extra));
            ctx = new SpringApplicationBuilder(LeadIgniteApplication.class).profiles("test").run(args.toArray(String[]::new));
            try {
                base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
                fixtures = ctx.getBean(Fixtures.class);
                org = fixtures.createOrg("bench-" + UUID.randomUUID().toString().substring(0, 8));
                token = fixtures.user(org, "admin").token();
                for (int i = 0; i < LEADS; i++) {
                    HttpRequest create = HttpRequest.newBuilder(URI.create(base + "/api/v1/leads"))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"first_name\":\"Bench " + i
                                    + "\",\"last_name\":\"Lead\",\"email\":\"lead" + i + "@example.test\",\"company\":\"Bench Co\"}"))
                            .build();
                    int status = http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 201) {
                        throw new IllegalStateException("creating a lead answered " + status);
                    }
                }
            } catch (Exception e) {
                ctx.close();
                throw e;
            }
        }

        /** {@link #ACCOUNTS} agents with the bench password (one Argon2id hash, shared: the check costs the same). */
        void seedAccounts() {
            String hash = ctx.getBean(PasswordHasher.class).hash(PASSWORD);
            for (int i = 0; i < ACCOUNTS; i++) {
                String email = "bench-" + org.toString().substring(0, 8) + "-" + i + "@example.test";
                UUID id = UUID.randomUUID();
                Fixtures.exec("insert into auth.users (id, org_id, email, role) values (?, ?, ?, 'agent')", id, org, email);
                Fixtures.exec("insert into auth.user_credentials (user_id, encrypted_password) values (?, ?)", id, hash);
                accounts.add(email);
            }
        }

        HttpRequest leads(String bearer) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/leads")).timeout(Duration.ofSeconds(60)).GET();
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return b.build();
        }

        /** Every 10th attempt right, else a wrong password of a known account or an unknown email. */
        HttpRequest signIn(int n) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String email;
            String password;
            if (n % 10 == 0) {
                email = accounts.get(r.nextInt(accounts.size()));
                password = PASSWORD;
            } else if (n % 2 == 0) {
                email = accounts.get(r.nextInt(accounts.size()));
                password = "wrong-" + r.nextInt(1_000_000);
            } else {
                email = "nobody-" + UUID.randomUUID() + "@example.test";
                password = "wrong-" + r.nextInt(1_000_000);
            }
            return HttpRequest.newBuilder(URI.create(base + "/auth/v1/token?grant_type=password"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                    .build();
        }

        int permits() {
            return ctx.getBean(PasswordHashingBulkhead.class).permits();
        }

        double bulkheadRejected() {
            return counter("leadignite.password_hashing.rejected");
        }

        double counter(String name) {
            for (MeterRegistry registry : ctx.getBeansOfType(MeterRegistry.class).values()) {
                Counter c = registry.find(name).counter();
                if (c != null) {
                    return c.count();
                }
            }
            return Double.NaN;
        }

        @Override
        public void close() {
            try {
                fixtures.deleteOrg(org);
            } finally {
                ctx.close();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The machine's 1-minute load average at the end of a row (other work on the shared cores). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    /** Sequential requests: {@code warmup} unmeasured, then up to {@code n} measured, stopping at {@code deadline}. */
    private static long[] latencies(HttpClient client, HttpRequest req, int warmup, int n, int expectStatus, long deadline)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            client.send(req, HttpResponse.BodyHandlers.discarding());
        }
        long[] t = new long[n];
        int done = 0;
        while (done < n && (deadline == Long.MAX_VALUE || System.nanoTime() < deadline)) {
            long s = System.nanoTime();
            HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
            t[done++] = System.nanoTime() - s;
            if (r.statusCode() != expectStatus) {
                throw new IllegalStateException("unexpected status " + r.statusCode());
            }
        }
        return Arrays.copyOf(t, done);
    }

    private void row(String label, long[] t) {
        line("| " + label + " | " + us(pct(t, 50)) + " | " + us(pct(t, 99)) + " |");
    }

    private static long pct(long[] t, double p) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1))];
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static String rate(double count, double secs) {
        return String.format(Locale.ROOT, "%.1f", count / secs);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
