package com.leadignite.security.resources;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fixed number of slots for expensive work. A caller waits a short, bounded time for a slot and is
 * then refused fast, so a flood queues nowhere: it costs the refused requests little and leaves the
 * threads and memory for everyone else.
 */
public final class Bulkhead {

    private final Semaphore permits;
    private final int size;
    private final long waitNanos;
    private final Counter refused;
    private final Supplier<? extends RuntimeException> refusal;

    public Bulkhead(int size, Duration wait, Counter refused, Supplier<? extends RuntimeException> refusal) {
        this.size = size;
        this.permits = new Semaphore(size, true);
        this.waitNanos = wait.toNanos();
        this.refused = refused;
        this.refusal = refusal;
    }

    /** Runs {@code work} in a slot, or throws the refusal when none frees up within the wait. */
    public <T> T run(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            refused.increment();
            throw refusal.get();
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    public int size() {
        return size;
    }

    public int inUse() {
        return size - permits.availablePermits();
    }
}
