package com.leadignite.security.ratelimit;

import java.time.Duration;

/** Short-lived counters and flags with expiry: failure counts, lockouts, audit throttles. */
public interface CounterStore {

    /** Adds one; a new counter lives {@code ttl} from its first increment (a fixed window). */
    long increment(String key, Duration ttl);

    /** Current value, 0 when absent or expired. */
    long get(String key);

    /** Sets a flag that lives for {@code ttl}, replacing an existing one. */
    void set(String key, Duration ttl);

    /** Remaining life of a key, or {@link Duration#ZERO} when absent. */
    Duration ttl(String key);

    /** Sets a flag unless it exists; true when this call set it. */
    boolean setIfAbsent(String key, Duration ttl);

    void delete(String... keys);
}
