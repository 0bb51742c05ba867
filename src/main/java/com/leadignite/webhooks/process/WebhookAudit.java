package com.leadignite.webhooks.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit details every CRM change made by a webhook carries, next to the change itself. */
final class WebhookAudit {

    private WebhookAudit() {
    }

    /** Source, provider and event; the names (never the values) of provider fields that were dropped. */
    static Map<String, Object> origin(WebhookEvent event, List<String> dropped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "webhook");
        m.put("provider", event.provider().name());
        m.put("webhook_event_id", event.id().toString());
        if (!dropped.isEmpty()) {
            m.put("dropped_fields", dropped);
        }
        return m;
    }
}
