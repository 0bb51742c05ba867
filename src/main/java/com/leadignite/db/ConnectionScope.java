package com.leadignite.db;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks, per thread, how many transactions of the request pool are open (a suspended outer one
 * counts), and runs work that needs a connection of its own only once the thread holds none. Taking a
 * second pooled connection while holding one is how a burst larger than the pool deadlocks: every
 * thread holds one and waits for another. Work handed to {@link #whenReleased} while a transaction is
 * open runs right after the outermost transaction has committed or rolled back and returned its
 * connection to the pool.
 */
public final class ConnectionScope {

    /** More deferred tasks than this on one thread means a transaction that never ends: refuse loudly. */
    static final int MAX_PENDING = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ConnectionScope.class);
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<Deque<Runnable>> PENDING = ThreadLocal.withInitial(ArrayDeque::new);

    private ConnectionScope() {
    }

    /** Whether the calling thread holds a connection of the request pool for an open transaction. */
    public static boolean holdsConnection() {
        return DEPTH.get()[0] > 0;
    }

    /**
     * Runs {@code work} now when the thread holds no connection, else right after it has released the
     * last one. Returns false (and runs nothing) only when the thread's backlog is full.
     */
    public static boolean whenReleased(Runnable work) {
        if (!holdsConnection()) {
            work.run();
            return true;
        }
        Deque<Runnable> pending = PENDING.get();
        if (pending.size() >= MAX_PENDING) {
            return false;
        }
        pending.add(work);
        return true;
    }

    static void opened() {
        DEPTH.get()[0]++;
    }

    /** Called after a transaction's connection went back to the pool. */
    static void released() {
        int[] depth = DEPTH.get();
        depth[0] = Math.max(0, depth[0] - 1);
        if (depth[0] > 0) {
            return;
        }
        Deque<Runnable> pending = PENDING.get();
        Runnable next;
        while (depth[0] == 0 && (next = pending.poll()) != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                // The caller's transaction is over; deferred work must not turn its outcome into an error.
                log.error("deferred work after a transaction failed: {}", e.getClass().getSimpleName());
            }
        }
    }
}
