package com.leadignite.bench;

import com.leadignite.security.ratelimit.BucketLimiter;
import com.leadignite.security.ratelimit.Probe;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.security.ratelimit.RedisProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One in-process limiter decision ({@code BucketLimiter.tryConsume}) on a bucket that exists. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBench {

    BucketLimiter limiter;
    Limit limit;

    @Setup
    public void setUp() {
        RedisConnections none = new RedisConnections(new RedisProperties("", "bench:", Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        limiter = new BucketLimiter(none, Clock.systemUTC());
        limit = Limit.of(1_000_000_000L, Duration.ofMinutes(1));
    }

    @Benchmark
    public Probe tryConsume() {
        return limiter.tryConsume("ip:127.0.0.1:general", limit);
    }
}
