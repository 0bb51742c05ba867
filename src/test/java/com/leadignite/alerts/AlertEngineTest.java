package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.ratelimit.CounterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request threads only queue signals: a stuck evaluation never blocks them, and the queue is bounded. */
class AlertEngineTest {

    /** Counts nothing until released: the engine thread waits inside its first evaluation. */
    static final class StuckCounters implements CounterStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long increment(String key, Duration ttl) {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }

        @Override
        public long get(String key) {
            return 0;
        }

        @Override
        public void set(String key, Duration ttl) {
        }

        @Override
        public Duration ttl(String key) {
            return Duration.ZERO;
        }

        @Override
        public boolean setIfAbsent(String key, Duration ttl) {
            return true;
        }

        @Override
        public void delete(String... keys) {
        }
    }

    @Test
    @Timeout(30)
    void aFullQueueDropsAndCountsSignalsInsteadOfWaiting() throws InterruptedException {
        AlertProperties props = new AlertProperties("", Duration.ofMinutes(15), Duration.ofHours(1), 100, 10, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, null, null, null, null, null, null, null, null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StuckCounters counters = new StuckCounters();
        // no repository or notifier: with one signal per subject no threshold is reached
        AlertEngine engine = new AlertEngine(props, null, null, counters, null, Clock.systemUTC(), meters);
        engine.start();
        try {
            engine.offer(signal(0));
            assertThat(counters.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 150; i++) {
                engine.offer(signal(i));
            }
            assertThat(engine.queued()).isEqualTo(100);
            assertThat(meters.get("leadignite.alerts.signals_dropped").counter().count()).isEqualTo(50);
        } finally {
            counters.release.countDown();
            engine.stop();
        }
    }

    private static Signal signal(int i) {
        return new Signal(AlertRule.SIGN_IN_FAILURES_IP, null, "192.0.2." + (i % 250) + "-" + i, Map.of(), Instant.now());
    }
}
