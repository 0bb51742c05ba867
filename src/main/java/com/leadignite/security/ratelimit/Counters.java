package com.leadignite.security.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The counter store the service uses: Redis when configured and answering, else in process. A Redis
 * error never lets a request through unchecked: the operation is redone on this instance's counters
 * (so limits keep holding, per instance) and {@link RedisConnections} raises the alert.
 */
@Component
public class Counters implements CounterStore {

    private final RedisConnections redis;
    private final InMemoryCounterStore local;
    private final RedisCounterStore shared;

    public Counters(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.local = new InMemoryCounterStore(clock);
        this.shared = redis.configured() ? new RedisCounterStore(redis::strings, redis.keyPrefix() + "c:") : null;
    }

    private <T> T run(Function<CounterStore, T> op) {
        if (shared != null) {
            try {
                if (redis.strings() != null) {
                    T out = op.apply(shared);
                    redis.succeeded();
                    return out;
                }
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
        return op.apply(local);
    }

    @Override
    public long increment(String key, Duration ttl) {
        return run(s -> s.increment(key, ttl));
    }

    @Override
    public long get(String key) {
        return run(s -> s.get(key));
    }

    @Override
    public void set(String key, Duration ttl) {
        run(s -> {
            s.set(key, ttl);
            return null;
        });
    }

    @Override
    public Duration ttl(String key) {
        return run(s -> s.ttl(key));
    }

    @Override
    public boolean setIfAbsent(String key, Duration ttl) {
        return run(s -> s.setIfAbsent(key, ttl));
    }

    @Override
    public void delete(String... keys) {
        run(s -> {
            s.delete(keys);
            return null;
        });
        if (shared != null) {
            local.delete(keys); // whatever was counted here during an outage goes too
        }
    }
}
