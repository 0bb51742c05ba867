package com.leadignite.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Reading captured events while other threads log never fails and loses nothing. */
class LogCaptureTest {

    static final int WRITERS = 4;
    static final int READS = 200;
    static final int MAX_EVENTS_EACH = 25_000;

    @Test
    void readingWhileOtherThreadsLogIsSafe() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = ctx.getLogger("capture-test-" + System.nanoTime());
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        LogCapture capture = LogCapture.attachTo(logger);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch started = new CountDownLatch(WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(() -> {
                    started.countDown();
                    int n = 0;
                    // Bounded: the reader stops the writers after its reads, or each stops after its quota.
                    while (!stop.get() && n < MAX_EVENTS_EACH) {
                        logger.info("writer {} event {}", id, n++);
                    }
                    return n;
                }));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int r = 0; r < READS; r++) {
                // What the secrecy test does with the captured events: stream over them while logging goes on.
                capture.snapshot().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("event")).count();
            }
            stop.set(true);
            int written = 0;
            for (Future<Integer> f : writers) {
                written += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(capture.snapshot()).hasSize(written);
        } finally {
            stop.set(true);
            pool.shutdownNow();
            capture.detach();
        }
    }
}
