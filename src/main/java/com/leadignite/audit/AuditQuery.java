package com.leadignite.audit;

import com.leadignite.web.FieldErrorException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** Filters of {@code GET /api/v1/audit-events}; null means "any". */
public record AuditQuery(UUID actorId, String action, String entityType, String entityId, OffsetDateTime from,
                         OffsetDateTime to) {

    static final Set<String> ENTITY_TYPES = Set.of("org", "user", "session", "lead", "call", "assistant", "invitation",
            "form_key", "webhook_endpoint", "webhook_event", "integration", "signing_key");

    /** The filters as the client sent them; {@link #parse} checks them (400 naming the field). */
    public record Params(String actorId, String action, String entityType, String entityId, String from, String to) {

        AuditQuery parse() {
            return new AuditQuery(uuid("actor_id", actorId), pattern("action", action, "[a-z_]{2,40}"),
                    entityTypeOf(entityType), pattern("entity_id", entityId, "[A-Za-z0-9._:@-]{1,100}"),
                    time("from", from), time("to", to));
        }
    }

    private static UUID uuid(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw FieldErrorException.of(field, "must be a UUID");
        }
    }

    private static String pattern(String field, String v, String regex) {
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!v.matches(regex)) {
            throw FieldErrorException.of(field, "has an invalid format");
        }
        return v;
    }

    private static String entityTypeOf(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!ENTITY_TYPES.contains(v)) {
            throw FieldErrorException.of("entity_type", "must be one of " + String.join(", ", ENTITY_TYPES.stream().sorted().toList()));
        }
        return v;
    }

    static OffsetDateTime time(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw FieldErrorException.of(field, "must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z");
        }
    }
}
