package com.leadignite.audit;

import com.leadignite.security.AccessDenials;
import com.leadignite.web.PageQuery;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log of the caller's org (API.md §6): admins only. */
@RestController
@RequestMapping("/api/v1/audit-events")
public class AuditController {

    static final Set<String> ENTITY_TYPES = Set.of("org", "user", "session", "lead", "call", "assistant", "invitation",
            "form_key", "webhook_endpoint", "webhook_event", "integration", "signing_key");

    private final AuditReadService service;
    private final AccessDenials access;
    private final VerifyGate gate;
    private final AuditExport export;
    private final ApplicationEventPublisher events;

    public AuditController(AuditReadService service, AccessDenials access, VerifyGate gate, AuditExport export,
                           ApplicationEventPublisher events) {
        this.service = service;
        this.access = access;
        this.gate = gate;
        this.export = export;
        this.events = events;
    }

    @GetMapping
    public PageResponse<AuditEventResource> list(@RequestParam(name = "actor_id", required = false) String actorId,
                                                 @RequestParam(required = false) String action,
                                                 @RequestParam(name = "entity_type", required = false) String entityType,
                                                 @RequestParam(name = "entity_id", required = false) String entityId,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer size) {
        AuthenticatedUser admin = access.requireAdmin("org", null);
        AuditQuery q = new AuditQuery(uuid("actor_id", actorId), pattern("action", action, "[a-z_]{2,40}"),
                entityType(entityType), pattern("entity_id", entityId, "[A-Za-z0-9._:@-]{1,100}"),
                time("from", from), time("to", to));
        return service.list(admin, q, PageQuery.of(page, size));
    }

    @GetMapping("/verify")
    public AuditVerification verify() {
        AuthenticatedUser admin = access.requireAdmin("org", null);
        // Admitted before the service's transaction takes a connection, so refused callers never hold one.
        AuditVerification result;
        try (VerifyGate.Slot slot = gate.enter(admin.orgId())) {
            result = service.verify(admin);
        }
        // A broken chain raises an alert; every result feeds the chain-status metric.
        events.publishEvent(new AuditChainVerified(admin.orgId(), result));
        return result;
    }

    /**
     * The org's audit chain as NDJSON (API.md §6), for verification outside the service
     * ({@code tools/VerifyAuditExport.java}). Admin with a recent password sign-in (step-up).
     */
    @GetMapping("/export")
    public void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       HttpServletResponse response) throws IOException {
        AuthenticatedUser admin = access.requireAdminWithStepUp("org", null);
        OffsetDateTime start = time("from", from);
        OffsetDateTime end = time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw FieldErrorException.of("to", "must be after from");
        }
        response.setStatus(200);
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-" + admin.orgId() + ".ndjson\"");
        export.write(admin, start, end, response.getOutputStream());
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

    private static String entityType(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!ENTITY_TYPES.contains(v)) {
            throw FieldErrorException.of("entity_type", "must be one of " + String.join(", ", ENTITY_TYPES.stream().sorted().toList()));
        }
        return v;
    }

    private static OffsetDateTime time(String field, String v) {
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
