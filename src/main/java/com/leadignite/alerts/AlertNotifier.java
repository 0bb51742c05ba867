package com.leadignite.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces alerts: one structured {@code ALERT} log line each, and, when {@code ALERT_WEBHOOK_URL} is
 * set, a POST of Slack-compatible JSON ({@code {"text", "alert":{...}}}) from one background thread. The
 * queue is bounded ({@code webhook-queue-capacity}): a notification that does not fit is dropped and
 * counted, so a dead receiver never holds memory or a thread of anyone else. Failed attempts (network,
 * 408, 429, 5xx) are retried with doubling back-off, scheduled rather than slept through. The URL is a
 * secret and never logged.
 */
@Component
class AlertNotifier {

    static final Logger ALERT_LOG = LoggerFactory.getLogger("com.leadignite.alerts.ALERT");
    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    private final AlertProperties props;
    private final JsonMapper json;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor sender;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;

    AlertNotifier(AlertProperties props, JsonMapper json, MeterRegistry meters) {
        this.props = props;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(props.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.sender = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "alert-webhook");
            t.setDaemon(true);
            return t;
        });
        this.sender.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        String name = "leadignite.alerts.notifications";
        String description = "Alert webhook notifications by result";
        this.sent = Counter.builder(name).description(description).tag("result", "sent").register(meters);
        this.failed = Counter.builder(name).description(description).tag("result", "failed").register(meters);
        this.dropped = Counter.builder(name).description(description).tag("result", "dropped").register(meters);
    }

    /** Logs the alert and queues its webhook POST; never blocks. */
    void announce(Alert alert, UUID orgId) {
        ALERT_LOG.atWarn()
                .addKeyValue("alert.id", alert.id())
                .addKeyValue("alert.rule", alert.rule())
                .addKeyValue("alert.severity", alert.severity())
                .addKeyValue("alert.state", alert.state())
                .addKeyValue("alert.scope", alert.scope())
                .addKeyValue("alert.org_id", orgId)
                .addKeyValue("alert.count", alert.count())
                .log("ALERT {} {} severity={} count={} org={} id={}", alert.rule(), alert.state(), alert.severity(),
                        alert.count(), orgId == null ? "-" : orgId, alert.id());
        if (!props.webhookEnabled()) {
            return;
        }
        if (pending.incrementAndGet() > props.webhookQueueCapacity()) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        byte[] body = json.writeValueAsBytes(message(alert, orgId));
        try {
            sender.execute(() -> attempt(body, 1));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped.increment();
        }
    }

    /** The Slack-compatible message: {@code text} for a chat channel, {@code alert} for machines. */
    static Map<String, Object> message(Alert alert, UUID orgId) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", alert.id());
        a.put("rule", alert.rule());
        a.put("severity", alert.severity());
        a.put("state", alert.state());
        a.put("scope", alert.scope());
        a.put("org_id", orgId);
        a.put("first_seen", alert.firstSeen());
        a.put("last_seen", alert.lastSeen());
        if (alert.resolvedAt() != null) {
            a.put("resolved_at", alert.resolvedAt());
        }
        a.put("count", alert.count());
        a.put("details", alert.details());
        String text = ("open".equals(alert.state()) ? ":rotating_light: " : ":white_check_mark: ")
                + "[" + alert.severity() + "] " + alert.rule() + " " + ("open".equals(alert.state()) ? "opened" : "resolved")
                + " (" + alert.count() + " signals" + (orgId == null ? ", deployment-wide" : ", org " + orgId) + ")";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("alert", a);
        return m;
    }

    private void attempt(byte[] body, int attempt) {
        boolean retry;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(props.webhookUrl().trim()))
                    .timeout(props.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                sent.increment();
                pending.decrementAndGet();
                return;
            }
            retry = status == 408 || status == 429 || status >= 500;
            log.warn("alert webhook answered {} (attempt {} of {})", status, attempt, props.webhookMaxAttempts());
        } catch (java.io.IOException e) {
            retry = true;
            log.warn("alert webhook failed: {} (attempt {} of {})", e.getClass().getSimpleName(), attempt,
                    props.webhookMaxAttempts());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry = false;
        } catch (RuntimeException e) {
            retry = false;
            log.warn("alert webhook failed: {}", e.getClass().getSimpleName());
        }
        if (retry && attempt < props.webhookMaxAttempts()) {
            Duration wait = props.webhookBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
            try {
                sender.schedule(() -> attempt(body, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // shutting down: counted as failed below
            }
        }
        failed.increment();
        pending.decrementAndGet();
    }

    /** Notifications still queued or waiting for a retry. */
    int pending() {
        return pending.get();
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
    }
}
