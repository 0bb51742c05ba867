package com.leadignite.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One audit row as admins read it (API.md §6). */
public record AuditEventResource(UUID id, OffsetDateTime occurredAt, UUID orgId, UUID actorId, String actorIp,
                                 String requestId, String action, String entityType, String entityId, String outcome,
                                 Map<String, Object> details) {
}
