package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A full access-log queue drops lines instead of waiting, counts them, and says so once it catches up. */
class AccessLogDropsTest {

    @Test
    void aFullQueueDropsCountsAndReports() throws Exception {
        String marker = "/drops-" + System.nanoTime();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CopyOnWriteArrayList<String> written = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> sink = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String message = event.getFormattedMessage();
                if (message.contains(marker)) {
                    entered.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                written.add(message);
            }
        };
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.leadignite.access");
        sink.setContext(logger.getLoggerContext());
        sink.start();
        logger.addAppender(sink);
        try (AccessLog accessLog = new AccessLog(2)) {
            accessLog.submit(line(marker));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds that one
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                accessLog.submit(line("/queued-or-dropped-" + i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(accessLog.dropped()).isEqualTo(3);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.stream()
                    .anyMatch(m -> m.equals("3 access-log lines dropped: the log writer could not keep up")));
            await().atMost(Duration.ofSeconds(10)).until(() -> written.stream().filter(m -> m.startsWith("GET /")).count() == 3);
            assertThat(written).anyMatch(m -> m.contains("/queued-or-dropped-0"))
                    .anyMatch(m -> m.contains("/queued-or-dropped-1"));
        } finally {
            release.countDown();
            logger.detachAppender(sink);
            sink.stop();
        }
    }

    private static AccessLog.Line line(String path) {
        return new AccessLog.Line("GET", path, 200, 1, "127.0.0.1", null);
    }
}
