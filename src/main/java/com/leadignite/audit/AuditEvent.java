package com.leadignite.audit;

import java.util.Map;
import java.util.UUID;

/**
 * One audit record (API.md §6). {@code details} must hold no secret or token; {@link AuditWriter}
 * drops keys that look like one anyway.
 */
public record AuditEvent(UUID orgId, UUID actorId, String action, String entityType, String entityId,
                         Outcome outcome, Map<String, Object> details) {

    public enum Outcome {
        success, denied, failure
    }

    public static AuditEvent success(UUID orgId, UUID actorId, String action, String entityType, Object entityId,
                                     Map<String, Object> details) {
        return new AuditEvent(orgId, actorId, action, entityType, entityId == null ? null : entityId.toString(),
                Outcome.success, details);
    }

    public static AuditEvent of(Outcome outcome, UUID orgId, UUID actorId, String action, String entityType,
                                Object entityId, Map<String, Object> details) {
        return new AuditEvent(orgId, actorId, action, entityType, entityId == null ? null : entityId.toString(),
                outcome, details);
    }
}
