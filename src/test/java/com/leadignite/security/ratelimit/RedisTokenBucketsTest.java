package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.RedisSupport;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis token bucket against the machine's Redis: one round trip per decision, exact limits when
 * two instances (each with its own client and connection) race on one bucket, and the same answers as
 * the in-process bucket. Keys live under a prefix unique to the run and are deleted afterwards.
 */
class RedisTokenBucketsTest {

    final String prefix = RedisSupport.uniquePrefix("bucket");
    final List<RedisConnections> opened = new ArrayList<>();
    final Queue<String> commands = new ConcurrentLinkedQueue<>();
    SimpleMeterRegistry meters;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        opened.forEach(RedisConnections::destroy);
        RedisSupport.deleteAll(prefix);
    }

    /** A limiter as one service instance has it: its own Redis client and connection, connected. */
    BucketLimiter instance(boolean watchCommands) {
        RedisConnections redis = new RedisConnections(new RedisProperties(RedisSupport.URL, prefix, Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC(), meters);
        opened.add(redis);
        if (watchCommands) {
            redis.client().addListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    commands.add(event.getCommand().getType().toString());
                }
            });
        }
        redis.warmUp();
        assertThat(redis.up()).as("Redis at %s answers", RedisSupport.URL).isTrue();
        return new BucketLimiter(redis, Clock.systemUTC());
    }

    @Test
    void oneRoundTripPerDecision() {
        BucketLimiter limiter = instance(true);
        Limit limit = Limit.of(1000, Duration.ofMinutes(1));
        commands.clear(); // connect, PING and SCRIPT LOAD at start-up
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.tryConsume("rt:" + (i % 4), limit).allowed()).isTrue();
        }
        assertThat(commands).hasSize(40).containsOnly("EVALSHA");
        assertThat(limiter.localBuckets()).isZero();
        assertThat(meters.counter("leadignite.redis.failures").count()).isZero();
    }

    @Test
    void twoInstancesRacingOnOneBucketLetExactlyTheQuotaThrough() throws Exception {
        BucketLimiter first = instance(false);
        BucketLimiter second = instance(false);
        Limit limit = Limit.of(50, Duration.ofHours(1));
        int threads = 16;
        int attemptsEach = 25; // 400 attempts for 50 tokens
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                BucketLimiter limiter = t % 2 == 0 ? first : second;
                results.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < attemptsEach; i++) {
                        if (limiter.tryConsume("race", limit).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> f : results) {
                allowed += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(allowed).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
        // Every decision was Redis's: no fallback to process memory on either instance.
        assertThat(meters.counter("leadignite.redis.failures").count()).isZero();
        assertThat(first.localBuckets()).isZero();
        assertThat(second.localBuckets()).isZero();
        // Both instances see the same empty bucket afterwards.
        assertThat(first.tryConsume("race", limit).allowed()).isFalse();
        assertThat(second.tryConsume("race", limit).allowed()).isFalse();
    }

    @Test
    void answersLikeTheInProcessBucket() {
        BucketLimiter shared = instance(false);
        BucketLimiter local = new BucketLimiter(new RedisConnections(new RedisProperties("", "unused:", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC(), new SimpleMeterRegistry()), Clock.systemUTC());
        Limit limit = Limit.of(3, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            Probe r = shared.tryConsume("same", limit);
            Probe l = local.tryConsume("same", limit);
            assertThat(r.allowed()).as("call %d", i).isEqualTo(l.allowed());
            assertThat(r.remaining()).as("call %d", i).isEqualTo(l.remaining());
            // Seconds are rounded up from slightly different instants: at most one apart.
            assertThat(r.resetSeconds()).as("call %d", i).isCloseTo(l.resetSeconds(), org.assertj.core.data.Offset.offset(1L));
            assertThat(r.retryAfter()).as("call %d", i).isCloseTo(l.retryAfter(), org.assertj.core.data.Offset.offset(1L));
        }
        Probe refused = shared.tryConsume("same", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(1190L, 1200L); // one token every 20 minutes
        assertThat(refused.resetSeconds()).isBetween(3590L, 3600L);
        // The key expires a little after the bucket would be full again, not before.
        List<String> keys = RedisSupport.keys(prefix + "bucket:same:");
        assertThat(keys).hasSize(1);
        assertThat(RedisSupport.pttl(keys.get(0))).isBetween(3_590_000L, 3_606_000L);
    }

    @Test
    void tokensComeBackOverTheWindowAndNeverAboveTheQuota() {
        BucketLimiter limiter = instance(false);
        Limit limit = Limit.of(5, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryConsume("refill", limit).allowed()).isTrue();
        }
        assertThat(limiter.tryConsume("refill", limit).allowed()).isFalse();
        // One token every 200 ms.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> limiter.tryConsume("refill", limit).allowed());
        // After 2.5 windows the bucket is full: the quota, not 12 tokens (without the cap the first poll
        // sees 12 left, the second 24, and the wait fails).
        await().pollDelay(Duration.ofMillis(2500)).pollInterval(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6))
                .until(() -> limiter.tryConsume("refill", limit).remaining() == 4);
    }

    @Test
    void theLargestQuotaKeepsWholeTokens() {
        BucketLimiter limiter = instance(false);
        Limit limit = Limit.of(1_000_000_000L, Duration.ofDays(1));
        assertThat(limiter.tryConsume("big", limit).remaining()).isEqualTo(999_999_999L);
        // ~11 600 tokens a second come back, so the second call may find the bucket full again.
        assertThat(limiter.tryConsume("big", limit).remaining()).isBetween(999_999_998L, 999_999_999L);
    }

    @Test
    void keysAreDataNeverScript() {
        BucketLimiter limiter = instance(false);
        Limit limit = Limit.of(2, Duration.ofMinutes(1));
        String hostile = "ip:') redis.call('FLUSHALL') --\u0000\uD800 *";
        assertThat(limiter.tryConsume(hostile, limit).allowed()).isTrue();
        assertThat(limiter.tryConsume(hostile, limit).allowed()).isTrue();
        assertThat(limiter.tryConsume(hostile, limit).allowed()).isFalse();
        assertThat(limiter.localBuckets()).isZero();
    }

    @Test
    void aKeyOfAnotherTypeFallsBackToProcessMemoryAndCountsTheFailure() {
        BucketLimiter limiter = instance(false);
        Limit limit = Limit.of(2, Duration.ofMinutes(1));
        RedisClient client = RedisClient.create(RedisSupport.URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set(prefix + "bucket:wrongtype:2/60", "not a bucket");
        } finally {
            client.shutdown();
        }
        assertThat(limiter.tryConsume("wrongtype", limit).allowed()).isTrue();
        assertThat(meters.counter("leadignite.redis.failures").count()).isEqualTo(1);
        assertThat(limiter.localBuckets()).isEqualTo(1);
    }
}
