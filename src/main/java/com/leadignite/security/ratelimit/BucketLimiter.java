package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.Bucket;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Token buckets: {@code quota} tokens, refilled evenly over {@code window}. Shared through Redis (one
 * script call per decision, {@link RedisTokenBuckets}; keys expire once a bucket would be full again)
 * when configured and answering; otherwise, and during a Redis outage, in this instance's memory
 * (Bucket4j local buckets, same rule).
 */
@Component
public class BucketLimiter {

    private record LocalEntry(LocalBucket bucket, long idleAfterMillis, long[] lastUse) {
    }

    private final RedisConnections redis;
    private final Clock clock;
    private final ConcurrentHashMap<String, LocalEntry> local = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public BucketLimiter(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.quota()).refillGreedy(limit.quota(), limit.window()).build())
                .build();
    }

    /** Takes one token from the bucket {@code key} (the limit is part of the stored key). */
    public Probe tryConsume(String key, Limit limit) {
        String fullKey = key + ":" + limit.quota() + "/" + limit.windowSeconds();
        if (redis.configured()) {
            StatefulRedisConnection<String, String> c = redis.strings();
            if (c != null) { // null while in back-off after a failure
                try {
                    Probe p = RedisTokenBuckets.tryConsume(c.sync(), redis.keyPrefix() + "bucket:" + fullKey,
                            limit.quota(), limit.window().toNanos() / 1000);
                    redis.succeeded();
                    return p;
                } catch (RuntimeException e) {
                    redis.failed(e);
                }
            }
        }
        return Probe.of(localBucket(fullKey, limit).tryConsumeAndReturnRemaining(1));
    }

    private LocalBucket localBucket(String key, Limit limit) {
        long now = clock.millis();
        if ((calls.incrementAndGet() & 0xFFF) == 0) {
            local.values().removeIf(e -> e.lastUse[0] + e.idleAfterMillis < now);
        }
        LocalEntry e = local.computeIfAbsent(key, k -> new LocalEntry(
                Bucket.builder().addLimit(configuration(limit).getBandwidths()[0]).build(),
                limit.window().toMillis(), new long[1]));
        e.lastUse[0] = now;
        return e.bucket;
    }

    /** Buckets held in memory (tests, metrics). */
    public int localBuckets() {
        return local.size();
    }
}
