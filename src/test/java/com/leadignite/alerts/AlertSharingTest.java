package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.support.RedisSupport;
import com.leadignite.security.ratelimit.Counters;
import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.security.ratelimit.RedisProperties;
import com.leadignite.support.TwoOrgTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Several instances act as one: their sliding-window counts add up in Redis, and of instances crossing a
 * threshold at the same moment exactly one opens (and announces) the alert.
 */
class AlertSharingTest extends TwoOrgTest {

    @Autowired
    AlertRepository repo;
    @Autowired
    Database db;

    // Generous timeouts: a loaded build machine must not push the store into its in-process fallback.
    private static RedisConnections redis(String prefix) {
        RedisConnections r = new RedisConnections(new RedisProperties(RedisSupport.URL, prefix, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        r.warmUp();
        return r;
    }

    @Test
    void twoInstancesAddToOneWindowThroughRedis() {
        String prefix = RedisSupport.uniquePrefix("alerts");
        RedisConnections a = redis(prefix);
        RedisConnections b = redis(prefix);
        try {
            SlidingWindow first = new SlidingWindow(new Counters(a, Clock.systemUTC()));
            SlidingWindow second = new SlidingWindow(new Counters(b, Clock.systemUTC()));
            Instant now = Instant.now();
            assertThat(first.add("server_errors", "s", Duration.ofMinutes(1), now, 2)).isEqualTo(2);
            assertThat(second.add("server_errors", "s", Duration.ofMinutes(1), now, 1)).isEqualTo(3);
            // another subject is counted apart
            assertThat(second.add("server_errors", "t", Duration.ofMinutes(1), now, 1)).isEqualTo(1);
        } finally {
            a.destroy();
            b.destroy();
        }
    }

    @Test
    void theWindowSlidesInsteadOfDroppingToZeroAtABoundary() {
        SlidingWindow window = new SlidingWindow(new com.leadignite.security.ratelimit.InMemoryCounterStore(Clock.systemUTC()));
        Instant start = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60) * 60 + 60); // a window boundary ahead
        assertThat(window.add("r", "s", Duration.ofMinutes(1), start.plusSeconds(50), 10)).isEqualTo(10);
        // 15 s into the next window: three quarters of the previous one still count
        assertThat(window.add("r", "s", Duration.ofMinutes(1), start.plusSeconds(75), 1)).isEqualTo(1 + 7);
    }

    @Test
    void instancesCrossingTheThresholdTogetherOpenOneAlert() throws Exception {
        int racers = 8;
        Signal s = new Signal(AlertRule.CROSS_ORG_PROBES, org, org.toString(), Map.of(), Instant.now());
        String subject = AlertEngine.sha256(s.subject());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<AlertRepository.Upsert>> all = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return db.as(DbClaims.ALERTS).write(() -> repo.openOrBump(s, subject, 3, 1, Map.of()));
                }));
            }
            go.countDown();
            int opened = 0;
            for (Future<AlertRepository.Upsert> f : all) {
                if (f.get(60, TimeUnit.SECONDS).opened()) {
                    opened++;
                }
            }
            assertThat(opened).isEqualTo(1);
            var items = http.get("/api/v1/admin/alerts?state=open", "Authorization", admin.bearer()).json().get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("count").asLong()).isEqualTo(3 + racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
