package com.leadignite.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of {@code GET /api/v1/audit-events}; null means "any". */
public record AuditQuery(UUID actorId, String action, String entityType, String entityId, OffsetDateTime from,
                         OffsetDateTime to) {
}
