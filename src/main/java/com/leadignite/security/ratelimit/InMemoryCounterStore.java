package com.leadignite.security.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counters of this instance only. Expired entries are dropped lazily and by a sweep every so many
 * writes, so memory is bounded by what is live within the longest TTL.
 */
public class InMemoryCounterStore implements CounterStore {

    private record Entry(long value, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int writes;

    public InMemoryCounterStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long increment(String key, Duration ttl) {
        long now = clock.millis();
        sweepSometimes(now);
        return entries.compute(key, (k, e) -> e == null || e.expiresAt <= now
                ? new Entry(1, now + ttl.toMillis()) : new Entry(e.value + 1, e.expiresAt)).value;
    }

    @Override
    public long get(String key) {
        Entry e = entries.get(key);
        return e == null || e.expiresAt <= clock.millis() ? 0 : e.value;
    }

    @Override
    public void set(String key, Duration ttl) {
        long now = clock.millis();
        sweepSometimes(now);
        entries.put(key, new Entry(1, now + ttl.toMillis()));
    }

    @Override
    public Duration ttl(String key) {
        Entry e = entries.get(key);
        long left = e == null ? 0 : e.expiresAt - clock.millis();
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    @Override
    public boolean setIfAbsent(String key, Duration ttl) {
        long now = clock.millis();
        sweepSometimes(now);
        boolean[] created = {false};
        entries.compute(key, (k, e) -> {
            if (e == null || e.expiresAt <= now) {
                created[0] = true;
                return new Entry(1, now + ttl.toMillis());
            }
            return e;
        });
        return created[0];
    }

    @Override
    public void delete(String... keys) {
        for (String k : keys) {
            entries.remove(k);
        }
    }

    public int size() {
        return entries.size();
    }

    private void sweepSometimes(long now) {
        if ((++writes & 0x3FF) == 0 && sweeping.compareAndSet(false, true)) {
            try {
                entries.values().removeIf(e -> e.expiresAt <= now);
            } finally {
                sweeping.set(false);
            }
        }
    }
}
