package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.leadignite.support.LogCapture;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The webhook side of alerts: never blocks its caller, bounded, retried, and the URL never logged. */
class AlertNotifierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static AlertProperties props(String url, int queue, int attempts) {
        return new AlertProperties(url, Duration.ofMinutes(15), Duration.ofSeconds(10), 10_000, queue, attempts,
                Duration.ofMillis(10), Duration.ofSeconds(5), null, null, null, null, null, null, null, null, null, null);
    }

    static Alert alert(String state) {
        OffsetDateTime now = OffsetDateTime.now();
        return new Alert(UUID.randomUUID(), "server_errors", "critical", state, "deployment", now, now,
                "resolved".equals(state) ? now : null, 12, Map.of("threshold", 10));
    }

    private static double count(SimpleMeterRegistry meters, String result) {
        return meters.get("leadignite.alerts.notifications").tag("result", result).counter().count();
    }

    @Test
    @Timeout(30)
    void aStalledReceiverNeverHoldsTheCallerAndTheQueueIsBounded() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                release.await(20, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AlertNotifier notifier = new AlertNotifier(
                props("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", 10, 1), JSON, meters);
        try {
            // 50 alerts while the receiver answers none: every call returns, 10 wait, 40 are dropped and counted
            for (int i = 0; i < 50; i++) {
                notifier.announce(alert("open"), null);
            }
            assertThat(notifier.pending()).isEqualTo(10);
            assertThat(count(meters, "dropped")).isEqualTo(40);
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "sent") == 10);
            assertThat(notifier.pending()).isZero();
        } finally {
            release.countDown();
            notifier.close();
            server.stop(0);
        }
    }

    @Test
    @Timeout(30)
    void anUnreachableReceiverIsRetriedThenGivenUpWithoutLoggingTheUrl() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LogCapture logs = LogCapture.attachTo((Logger) LoggerFactory.getLogger(AlertNotifier.class));
        AlertNotifier notifier = new AlertNotifier(
                props("http://127.0.0.1:" + closed + "/services/T000/B000/secret-path-token", 10, 3), JSON, meters);
        try {
            notifier.announce(alert("open"), null);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "failed") == 1);
            assertThat(logs.snapshot()).hasSize(3).allSatisfy(e -> assertThat(e.getFormattedMessage())
                    .doesNotContain("secret-path-token").doesNotContain("127.0.0.1"));
        } finally {
            logs.detach();
            notifier.close();
        }
    }

    @Test
    void everyAlertIsOneStructuredAlertLogLineEvenWithoutAWebhook() {
        LogCapture logs = LogCapture.attachTo((Logger) LoggerFactory.getLogger(AlertNotifier.ALERT_LOG.getName()));
        AlertNotifier notifier = new AlertNotifier(props("", 10, 1), JSON, new SimpleMeterRegistry());
        try {
            Alert a = alert("open");
            UUID org = UUID.randomUUID();
            notifier.announce(a, org);
            assertThat(logs.snapshot()).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).startsWith("ALERT server_errors open");
                assertThat(keyValues(e)).containsEntry("alert.rule", "server_errors").containsEntry("alert.state", "open")
                        .containsEntry("alert.org_id", org).containsEntry("alert.id", a.id());
            });
        } finally {
            logs.detach();
            notifier.close();
        }
    }

    @Test
    void theMessageIsSlackCompatible() {
        UUID org = UUID.randomUUID();
        Map<String, Object> m = AlertNotifier.message(alert("resolved"), org);
        assertThat(m).containsKeys("text", "alert");
        assertThat((String) m.get("text")).contains("server_errors").contains("resolved");
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) m.get("alert");
        assertThat(a).containsKeys("id", "rule", "severity", "state", "first_seen", "last_seen", "resolved_at", "count", "details")
                .containsEntry("org_id", org);
    }

    private static Map<String, Object> keyValues(ILoggingEvent e) {
        Map<String, Object> out = new java.util.HashMap<>();
        e.getKeyValuePairs().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }
}
