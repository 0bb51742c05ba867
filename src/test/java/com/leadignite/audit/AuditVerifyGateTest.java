package com.leadignite.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each verification holds a pooled connection for its whole run, so they are admitted one per org and
 * {@code verify-max-concurrent} (2 by default) per instance; the rest get a 429 problem at once.
 */
class AuditVerifyGateTest extends TwoOrgTest {

    @Autowired
    VerifyGate gate;

    @Test
    void aSecondVerifyOfTheSameOrgIsRefusedWith429AndRetryAfter() {
        try (VerifyGate.Slot running = gate.enter(org)) {
            var r = http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer());
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("status").asInt()).isEqualTo(429);
            assertThat(r.json().get("type").asString()).endsWith("/too-many-requests");
            // Authorization comes first: a non-admin learns nothing about running verifications.
            assertThat(http.get("/api/v1/audit-events/verify", "Authorization", agent.bearer()).status()).isEqualTo(403);
            // Another org is not held up by this one.
            assertThat(http.get("/api/v1/audit-events/verify", "Authorization", otherAdmin.bearer()).status())
                    .isEqualTo(200);
        }
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).status()).isEqualTo(200);
    }

    @Test
    void theInstanceRunsAtMostTheConfiguredNumberAtOnce() {
        try (VerifyGate.Slot a = gate.enter(UUID.randomUUID()); VerifyGate.Slot b = gate.enter(UUID.randomUUID())) {
            var r = http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer());
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("5");
        }
        // A refusal by the global cap does not leave the org marked as running.
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).status()).isEqualTo(200);
    }

    @Test
    void aBurstLargerThanThePoolGetsOnly200Or429AndLeavesThePoolUsable() throws Exception {
        int n = 24; // more than the pool of 10
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String bearer = (i % 2 == 0 ? admin : otherAdmin).bearer();
                answers.add(pool.submit(() -> {
                    start.await();
                    var r = http.get("/api/v1/audit-events/verify", "Authorization", bearer);
                    if (r.status() == 200) {
                        assertThat(r.json().get("valid").asBoolean()).isTrue();
                    }
                    return r.status();
                }));
            }
            start.countDown();
            for (Future<Integer> f : answers) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isIn(200, 429);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(http.get("/api/v1/audit-events", "Authorization", admin.bearer()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).status()).isEqualTo(200);
    }
}
