package com.leadignite.crm.calls;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A call as stored and answered. {@code createdBy} is null for calls reported by a provider webhook;
 * {@code externalId} is the provider's call id (a dial, or a provider report); {@code status} is server-set.
 */
public record Call(UUID id, UUID orgId, UUID leadId, UUID createdBy, UUID assistantId, String direction,
                   OffsetDateTime startedAt, Integer durationSeconds, String outcome, String summary,
                   String recordingUrl, String externalId, CallStatus status, OffsetDateTime createdAt,
                   OffsetDateTime updatedAt) {

    Map<String, Object> writable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", direction);
        m.put("started_at", startedAt == null ? null : startedAt.toInstant().toString());
        m.put("duration_seconds", durationSeconds);
        m.put("outcome", outcome);
        m.put("summary", summary);
        m.put("assistant_id", assistantId == null ? null : assistantId.toString());
        m.put("recording_url", recordingUrl);
        return m;
    }
}
