package com.leadignite.security.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.function.Supplier;

/** Counters in Redis: one atomic command (or script) per operation, every key with an expiry. */
public class RedisCounterStore implements CounterStore {

    private static final String INCR_WITH_TTL = """
            local v = redis.call('INCR', KEYS[1])
            if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return v""";

    private final Supplier<StatefulRedisConnection<String, String>> connection;
    private final String prefix;

    public RedisCounterStore(Supplier<StatefulRedisConnection<String, String>> connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix;
    }

    private io.lettuce.core.api.sync.RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null) {
            throw new IllegalStateException("redis unavailable");
        }
        return c.sync();
    }

    @Override
    public long increment(String key, Duration ttl) {
        Long v = redis().eval(INCR_WITH_TTL, ScriptOutputType.INTEGER, new String[] {prefix + key},
                Long.toString(Math.max(1, ttl.toMillis())));
        return v == null ? 0 : v;
    }

    @Override
    public long get(String key) {
        String v = redis().get(prefix + key);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void set(String key, Duration ttl) {
        redis().set(prefix + key, "1", SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
    }

    @Override
    public Duration ttl(String key) {
        Long ms = redis().pttl(prefix + key);
        return ms == null || ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }

    @Override
    public boolean setIfAbsent(String key, Duration ttl) {
        return "OK".equals(redis().set(prefix + key, "1", SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis()))));
    }

    @Override
    public void delete(String... keys) {
        String[] full = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            full[i] = prefix + keys[i];
        }
        redis().del(full);
    }
}
