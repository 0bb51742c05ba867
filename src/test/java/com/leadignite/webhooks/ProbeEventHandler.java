package com.leadignite.webhooks;

import com.leadignite.webhooks.process.WebhookEvent;
import com.leadignite.webhooks.process.WebhookEventHandler;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Test-only handler for {@code test.probe} events: counts how often each event is handled, records the
 * org the database saw in the claims, fails the first {@code data.fail_times} attempts and
 * takes {@code data.work_ms} per event.
 */
@Component
class ProbeEventHandler implements WebhookEventHandler {

    static final Map<UUID, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Map<UUID, String> CLAIMED_ORG = new ConcurrentHashMap<>();
    static final Map<UUID, String> CLAIMED_ROLE = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;

    ProbeEventHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean supports(com.leadignite.webhooks.Provider provider, String eventType) {
        return "test.probe".equals(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        int n = CALLS.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
        CLAIMED_ORG.put(event.id(), String.valueOf(jdbc.sql("select auth.org_id()::text").query(String.class).single()));
        CLAIMED_ROLE.put(event.id(), jdbc.sql("select auth.role()").query(String.class).single());
        // Simulated slow work (a CRM write under load), for the fairness test: a deliberate pause, not a wait.
        var work = event.payload().path("data").path("work_ms");
        if (work.isNumber()) {
            try {
                Thread.sleep(Math.min(work.asInt(), 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var failTimes = event.payload().path("data").path("fail_times");
        if (failTimes.isNumber() && n <= failTimes.asInt()) {
            throw new IllegalStateException("probe failure " + n);
        }
        return Result.processed();
    }
}
