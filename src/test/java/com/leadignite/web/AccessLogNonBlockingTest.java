package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A slow log sink (a full pipe, a stalled disk) must not hold the request: the access-log line is written
 * off the request thread, and still written once the sink moves again.
 */
@IntegrationTest
class AccessLogNonBlockingTest {

    @LocalServerPort
    int port;

    @Test
    void aStalledSinkDoesNotDelayTheResponse() throws Exception {
        String probe = "/api/v1/access-log-probe-" + System.nanoTime();
        CountDownLatch release = new CountDownLatch(1);
        CopyOnWriteArrayList<String> written = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> stalled = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains(probe)) {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    written.add(event.getFormattedMessage());
                }
            }
        };
        var accessLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.leadignite.access");
        stalled.setContext(accessLogger.getLoggerContext());
        stalled.start();
        accessLogger.addAppender(stalled);
        try {
            try {
                CompletableFuture<Http.Response> call = CompletableFuture.supplyAsync(() -> new Http(port).get(probe));
                Http.Response r = call.get(10, TimeUnit.SECONDS); // the sink stays stalled for up to 20 s
                assertThat(r.status()).isEqualTo(401);
                assertThat(written).isEmpty();
            } finally {
                release.countDown();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1);
            assertThat(written.get(0)).contains(probe, "401");
        } finally {
            accessLogger.detachAppender(stalled);
            stalled.stop();
        }
    }
}
