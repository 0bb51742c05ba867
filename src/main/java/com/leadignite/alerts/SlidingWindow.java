package com.leadignite.alerts;

import com.leadignite.security.ratelimit.CounterStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Sliding-window counts on the shared counter store (Redis when configured, so every instance adds to
 * the same count; else this instance's memory). The window is approximated from two fixed windows, the
 * current one and the one before, weighted by how much of it still lies inside the sliding window: at
 * most two counters per subject, and a count that never drops to zero at a window boundary.
 */
final class SlidingWindow {

    private final CounterStore counters;

    SlidingWindow(CounterStore counters) {
        this.counters = counters;
    }

    /** Adds {@code n} signals at {@code at} for {@code subjectHash}; the estimated count within {@code window}. */
    long add(String ruleId, String subjectHash, Duration window, Instant at, int n) {
        long windowMillis = window.toMillis();
        long now = at.toEpochMilli();
        long index = Math.floorDiv(now, windowMillis);
        String base = "alert:" + ruleId + ":" + subjectHash + ":";
        Duration ttl = window.multipliedBy(2);
        long current = 0;
        for (int i = 0; i < n; i++) {
            current = counters.increment(base + index, ttl);
        }
        long previous = counters.get(base + (index - 1));
        double elapsed = (double) (now - index * windowMillis) / windowMillis;
        return current + (long) Math.floor(previous * (1.0 - elapsed));
    }
}
