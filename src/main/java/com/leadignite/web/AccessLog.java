package com.leadignite.web;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes access-log lines on one background thread, so formatting, masking and a slow console never hold
 * a request thread. The queue is bounded: when it is full a line is dropped, never waited for, and counted
 * ({@link #dropped()}, metric {@code leadignite.access_log.dropped}); the writer logs a warning with the
 * number dropped as soon as it catches up. On shutdown the queued lines are written before the thread ends.
 */
public final class AccessLog implements AutoCloseable {

    static final int DEFAULT_CAPACITY = 8192;
    private static final Logger log = LoggerFactory.getLogger("com.leadignite.access");

    /** One finished exchange, with the request's MDC (request id, client IP) as it was on the request thread. */
    record Line(String method, String path, int status, long millis, String clientIp, Map<String, String> mdc) {
    }

    private final BlockingQueue<Line> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private long reportedDrops;

    public AccessLog() {
        this(DEFAULT_CAPACITY);
    }

    AccessLog(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "access-log");
        writer.setDaemon(true);
        writer.start();
    }

    static boolean enabled() {
        return log.isInfoEnabled();
    }

    /** Queues the line; never blocks. */
    void submit(Line line) {
        if (closing || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            Line line;
            try {
                line = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            reportDrops();
            if (line != null) {
                write(line);
            }
        }
        Line rest;
        while ((rest = queue.poll()) != null) {
            write(rest);
        }
        reportDrops();
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now != reportedDrops) {
            log.warn("{} access-log lines dropped: the log writer could not keep up", now - reportedDrops);
            reportedDrops = now;
        }
    }

    private static void write(Line line) {
        if (line.mdc() != null) {
            MDC.setContextMap(line.mdc());
        }
        try {
            log.atInfo()
                    .addKeyValue("http.request.method", line.method())
                    .addKeyValue("url.path", line.path())
                    .addKeyValue("http.response.status_code", line.status())
                    .addKeyValue("event.duration_ms", line.millis())
                    .addKeyValue("client.ip", line.clientIp())
                    .log("{} {} {} {}ms", line.method(), line.path(), line.status(), line.millis());
        } catch (RuntimeException e) {
            // a failing appender must not end the writer
        } finally {
            MDC.clear();
        }
    }

    /** Stops accepting lines and waits (bounded) for the queued ones to be written. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
