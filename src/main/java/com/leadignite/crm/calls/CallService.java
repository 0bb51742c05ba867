package com.leadignite.crm.calls;

import static com.leadignite.security.AuthenticatedUser.Role.user;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import com.leadignite.db.Database;
import com.leadignite.crm.leads.LeadService;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Calls live on a lead: whoever may see the lead may log calls on it and read them, except that the
 * {@code user} role sees only the calls they logged themselves (API.md §1 "their calls").
 */
@Service
public class CallService {

    static final String ENTITY = "call";
    static final Set<String> SUMMARIZED = Set.of("summary");
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Clock drift allowance for calls reported "now" by a device a little ahead. */
    static final Duration FUTURE_SLACK = Duration.ofDays(1);

    public static final Map<String, String> SORTABLE = Map.of(
            "started_at", "c.started_at", "created_at", "c.created_at", "duration_seconds", "c.duration_seconds");

    private final CallRepository calls;
    private final LeadService leads;
    private final Authorization authorization;
    private final AuditWriter audit;
    private final Clock clock;
    private final Database db;

    public CallService(CallRepository calls, LeadService leads, Authorization authorization, AuditWriter audit, Clock clock,
                       Database db) {
        this.db = db;
        this.calls = calls;
        this.leads = leads;
        this.authorization = authorization;
        this.audit = audit;
        this.clock = clock;
    }

    public PageResponse<Call> listForLead(AuthenticatedUser caller, UUID leadId, PageQuery page, SortSpec sort) {
        Optional<PageResponse<Call>> result = db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.CALL_READ);
            UUID onlyBy = caller.role() == user ? caller.id() : null;
            return leads.findVisible(caller, leadId).map(lead -> new PageResponse<>(
                    calls.listForLead(caller.orgId(), leadId, onlyBy, page, sort), page.page(), page.size(),
                    calls.countForLead(caller.orgId(), leadId, onlyBy)));
        });
        return result.orElseThrow(() -> authorization.notFound(caller, "lead", leadId));
    }

    public Call get(AuthenticatedUser caller, UUID id) {
        Optional<Call> result = db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.CALL_READ, id);
            return calls.find(caller.orgId(), id)
                    .filter(c -> caller.role() != user || caller.id().equals(c.createdBy()))
                    // The lead decides the rest (an agent sees calls on leads they own or are assigned).
                    .filter(c -> leads.findVisible(caller, c.leadId()).isPresent());
        });
        return result.orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /**
     * The checks of {@link #create} that do not depend on the body: the role, and that the caller may
     * see the lead now (run before an idempotent replay, too).
     */
    public void requireCreatable(AuthenticatedUser caller, UUID leadId) {
        boolean visible = db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.CALL_WRITE);
            return leads.findVisible(caller, leadId).isPresent();
        });
        if (!visible) {
            throw authorization.notFound(caller, "lead", leadId);
        }
    }

    public Call create(AuthenticatedUser caller, UUID leadId, CallInput in) {
        // Every role may log calls: the body's own rule is checked first, without taking a connection.
        Instant started = in.startedAt().toInstant();
        if (started.isBefore(EARLIEST) || started.isAfter(clock.instant().plus(FUTURE_SLACK))) {
            throw FieldErrorException.of("started_at", "must be between 2000-01-01 and one day from now");
        }
        Optional<Call> result = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.CALL_WRITE);
            return leads.findVisible(caller, leadId).map(lead -> {
                if (in.assistantId() != null && !calls.assistantInOrg(caller.orgId(), in.assistantId())) {
                    throw FieldErrorException.of("assistant_id", "must be an assistant of your organization");
                }
                Call created = calls.insert(caller.orgId(), leadId, caller.id(), in);
                Map<String, Object> details = new LinkedHashMap<>(AuditDiff.snapshot("after", created.writable(), SUMMARIZED));
                details.put("lead_id", leadId.toString());
                audit.record(AuditEvent.success(caller.orgId(), caller.id(), "create", ENTITY, created.id(), details));
                return created;
            });
        });
        return result.orElseThrow(() -> authorization.notFound(caller, "lead", leadId));
    }
}
