package com.leadignite.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * An alert as {@code GET /api/v1/admin/alerts} shows it (API.md §6). {@code scope} is {@code org} or
 * {@code deployment} (the latter only for the operator org's admins); {@code resolved_at} only once resolved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(UUID id, String rule, String severity, String state, String scope, OffsetDateTime firstSeen,
                    OffsetDateTime lastSeen, OffsetDateTime resolvedAt, long count, Map<String, Object> details) {
}
