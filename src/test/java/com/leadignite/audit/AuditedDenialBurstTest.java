package com.leadignite.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Audited denials must never hold one pooled connection while waiting for another: a burst of four
 * times the pool size (10) of audited 404s and 403s, on every resource with an id, answers no 5xx, and
 * another org's listing stays fast meanwhile.
 */
class AuditedDenialBurstTest extends TwoOrgTest {

    private static final int BURST = 40;
    /**
     * Below the pool's 5 s connection timeout, which is what a starved request waits for before its 500;
     * generous otherwise, as the test shares two cores with parallel builds.
     */
    private static final long OTHER_TENANT_MAX_MILLIS = 4_000;

    private record Probe(String name, TestUser caller, Function<Http, Http.Response> call) {
    }

    @Test
    void burstsOfAuditedDenialsNeverStarveThePool() throws Exception {
        List<Probe> probes = List.of(
                new Probe("user 404", admin, h -> h.get("/api/v1/users/" + UUID.randomUUID(), auth(admin))),
                new Probe("user lock 404", admin, h -> h.post("/api/v1/users/" + UUID.randomUUID() + "/lock", null, auth(admin))),
                new Probe("form key 404", admin, h -> h.delete("/api/v1/form-keys/" + UUID.randomUUID(), auth(admin))),
                new Probe("lead 404", admin, h -> h.get("/api/v1/leads/" + UUID.randomUUID(), auth(admin))),
                new Probe("lead patch 404", agent, h -> h.patch("/api/v1/leads/" + UUID.randomUUID(), Map.of("first_name", "x"), auth(agent))),
                new Probe("call 404", admin, h -> h.get("/api/v1/calls/" + UUID.randomUUID(), auth(admin))),
                new Probe("lead calls 404", admin, h -> h.get("/api/v1/leads/" + UUID.randomUUID() + "/calls", auth(admin))),
                new Probe("assistant 404", admin, h -> h.get("/api/v1/assistants/" + UUID.randomUUID(), auth(admin))),
                new Probe("invitation 404", admin, h -> h.get("/api/v1/invitations/" + UUID.randomUUID(), auth(admin))),
                new Probe("webhook endpoint 404", admin, h -> h.post("/api/v1/webhook-endpoints/" + UUID.randomUUID() + "/rotate", null, auth(admin))),
                new Probe("users 403", agent, h -> h.get("/api/v1/users", auth(agent))),
                new Probe("lead delete 403", user, h -> h.delete("/api/v1/leads/" + UUID.randomUUID(), auth(user))),
                new Probe("audit 403", agent, h -> h.get("/api/v1/audit-events", auth(agent))));

        ExecutorService pool = Executors.newFixedThreadPool(BURST + 1);
        try {
            for (Probe p : probes) { // warm-up, so the timed bursts measure waiting rather than first-call costs
                assertThat(p.call().apply(http).status()).as(p.name()).isIn(403, 404);
            }
            for (Probe p : probes) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> burst = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    burst.add(pool.submit(() -> {
                        start.await();
                        return p.call().apply(http).status();
                    }));
                }
                Future<Long> other = pool.submit(() -> {
                    start.await();
                    long slowest = 0;
                    for (int i = 0; i < 5; i++) {
                        long t0 = System.nanoTime();
                        assertThat(http.get("/api/v1/leads", auth(otherAdmin)).status()).isEqualTo(200);
                        slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    }
                    return slowest;
                });
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : burst) {
                    statuses.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).as(p.name()).allMatch(s -> s == 403 || s == 404);
                assertThat(other.get(60, TimeUnit.SECONDS)).as(p.name() + ": other tenant's slowest listing (ms)")
                        .isLessThan(OTHER_TENANT_MAX_MILLIS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String[] auth(TestUser u) {
        return new String[] {"Authorization", u.bearer()};
    }
}
