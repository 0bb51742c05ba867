package com.leadignite.webhooks.process;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.security.ratelimit.CounterStore;
import com.leadignite.webhooks.Provider;
import com.leadignite.webhooks.WebhookProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A skipped event (unusable on arrival, or refused by its handler): a warning for each one, and an
 * audit row {@code webhook_skipped} for the first skip per endpoint and {@code rate-window}, so a sender
 * flooding bad payloads cannot flood the audit log. Every skip stays listed with its reason at
 * {@code GET /api/v1/webhook-endpoints/{id}/events}. Neither carries the payload.
 */
@Component
public class SkippedEvents {

    public static final String ACTION = "webhook_skipped";
    private static final Logger log = LoggerFactory.getLogger(SkippedEvents.class);

    private final AuditWriter audit;
    private final CounterStore counters;
    private final WebhookProperties props;

    public SkippedEvents(AuditWriter audit, CounterStore counters, WebhookProperties props) {
        this.audit = audit;
        this.counters = counters;
        this.props = props;
    }

    /** Call after the event's transaction committed, on no open transaction. */
    public void record(UUID orgId, UUID endpointId, UUID eventId, Provider provider, String reason) {
        log.warn("webhook event {} on endpoint {} skipped: {}", eventId, endpointId, reason);
        try {
            if (!counters.setIfAbsent("audit-webhook-skip:" + endpointId, props.rateWindow())) {
                return;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", provider.name());
            details.put("endpoint_id", endpointId.toString());
            details.put("reason", reason);
            // Tells the reader that later skips of this endpoint within the window have no row of their own.
            details.put("first_in_window_seconds", props.rateWindow().toSeconds());
            audit.recordIndependently(AuditEvent.of(
                    AuditEvent.Outcome.failure, orgId, null, ACTION, "webhook_event", eventId, details));
        } catch (RuntimeException e) {
            // The event is stored and listed either way.
            log.warn("skipped webhook event {} could not be audited: {}", eventId, e.getClass().getSimpleName());
        }
    }
}
