package com.leadignite.bench;

import com.leadignite.security.ratelimit.BucketLimiter;
import com.leadignite.security.ratelimit.Probe;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.security.ratelimit.RedisProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One limiter decision against Redis ({@code BENCH_REDIS_URL}, default the machine's 127.0.0.1:6379):
 * {@code script} is {@code BucketLimiter.tryConsume} as the service runs it (one EVALSHA),
 * {@code bucket4jCas} is Bucket4j's Lettuce proxy manager that it replaced (GET, then a compare-and-swap).
 * Keys live under a prefix unique to the run and are deleted afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisLimiterBench {

    static final String URL = System.getenv().getOrDefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379");

    String prefix;
    RedisConnections redis;
    BucketLimiter limiter;
    Limit limit;
    RedisClient casClient;
    StatefulRedisConnection<String, byte[]> casConnection;
    ProxyManager<String> cas;
    BucketConfiguration casConfiguration;

    @Setup
    public void setUp() {
        prefix = "bench-jmh-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        redis = new RedisConnections(new RedisProperties(URL, prefix, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        redis.warmUp();
        if (!redis.up()) {
            throw new IllegalStateException("Redis at " + URL + " does not answer");
        }
        limiter = new BucketLimiter(redis, Clock.systemUTC());
        limit = Limit.of(1_000_000_000L, Duration.ofMinutes(1));

        casClient = RedisClient.create(URL);
        casConnection = casClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        cas = Bucket4jLettuce.casBasedBuilder(casConnection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                .build();
        casConfiguration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.quota()).refillGreedy(limit.quota(), limit.window()).build())
                .build();
    }

    @TearDown
    public void tearDown() {
        try (StatefulRedisConnection<String, String> c = casClient.connect()) {
            var keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        }
        casConnection.close();
        casClient.shutdown();
        redis.destroy();
    }

    @Benchmark
    public Probe script() {
        return limiter.tryConsume("ip:127.0.0.1:general", limit);
    }

    @Benchmark
    public ConsumptionProbe bucket4jCas() {
        return cas.builder().build(prefix + "cas:ip:127.0.0.1:general", () -> casConfiguration).tryConsumeAndReturnRemaining(1);
    }
}
