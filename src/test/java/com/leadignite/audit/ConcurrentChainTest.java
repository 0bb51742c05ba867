package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Rows written concurrently form a chain that verifies; the order rows were chained in is the order checked. */
class ConcurrentChainTest extends TwoOrgTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 25;

    @Autowired
    AuditWriter writer;

    @Test
    void concurrentWritesAcrossTwoOrgsVerifyAndAnEditOfAnyRowIsNamed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        UUID target = (thread + i) % 2 == 0 ? org : otherOrg;
                        writer.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, target, null,
                                Authorization.ACTION, "lead", UUID.randomUUID(), Map.of("reason", "not_found", "i", i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (long) THREADS * PER_THREAD / 2;
        for (var who : List.of(admin, otherAdmin)) {
            JsonNode r = verify(who.bearer());
            assertThat(r.get("valid").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("checked").asLong()).isEqualTo(total);
        }

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add(CrmRows.ownerString("select id::text from public.audit_events where org_id = ? order by seq offset ? limit 1", org, i));
        }
        String victim = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        Fixtures.exec("update public.audit_events set details = '{\"reason\":\"edited\"}'::jsonb where id = ?::uuid", victim);
        JsonNode broken = verify(admin.bearer());
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("first_broken_id").asString()).isEqualTo(victim);
        assertThat(broken.get("checked").asLong()).isEqualTo(total);
        assertThat(verify(otherAdmin.bearer()).get("valid").asBoolean()).isTrue();
    }

    private JsonNode verify(String bearer) {
        var r = http.get("/api/v1/audit-events/verify", "Authorization", bearer);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }
}
