package com.leadignite.crm.leads;

import static com.leadignite.security.AuthenticatedUser.Role.admin;
import static com.leadignite.security.AuthenticatedUser.Role.agent;
import static com.leadignite.security.AuthenticatedUser.Role.user;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.crm.common.HtmlSanitizer;
import com.leadignite.web.PageQuery;
import com.leadignite.crm.common.Patch;
import com.leadignite.web.SortSpec;
import com.leadignite.crm.common.Texts;
import com.leadignite.db.Database;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Lead use cases. Each method checks the caller's role first (deny by default), then ownership or
 * assignment on the loaded row, on top of the row-level security policies; every change is audited in
 * the same transaction. Denials are audited outside it (see {@link Database}).
 */
@Service
public class LeadService {

    static final String ENTITY = "lead";
    static final Set<String> SUMMARIZED = Set.of("notes");
    /** Stored notes are sanitized HTML; escaping can lengthen them, bounded here (and in the schema). */
    static final int MAX_STORED_NOTES = 60_000;

    public static final Map<String, String> SORTABLE = Map.of(
            "created_at", "l.created_at", "updated_at", "l.updated_at", "last_name", "l.last_name",
            "first_name", "l.first_name", "status", "l.status", "company", "l.company");

    private final LeadRepository leads;
    private final Authorization authorization;
    private final AuditWriter audit;
    private final Database db;

    public LeadService(LeadRepository leads, Authorization authorization, AuditWriter audit, Database db) {
        this.leads = leads;
        this.authorization = authorization;
        this.audit = audit;
        this.db = db;
    }

    public record ListQuery(String status, String q, UUID assignedTo, PageQuery page, SortSpec sort) {
    }

    /**
     * Reads check the role inside their transaction, right after its first statement confirmed the
     * caller's session and role: a read is begin, that statement, the queries, commit.
     */
    public PageResponse<Lead> list(AuthenticatedUser caller, ListQuery query) {
        String q = Texts.trimToNull(query.q());
        return db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.LEAD_READ);
            var filter = new LeadRepository.Filter(caller.orgId(), caller.role().name(), caller.id(), query.status(),
                    q == null ? null : Texts.containsPattern(q), query.assignedTo());
            var items = leads.list(filter, query.page(), query.sort()).stream().filter(l -> LeadAccess.canSee(caller, l)).toList();
            return new PageResponse<>(items, query.page().page(), query.page().size(), leads.count(filter));
        });
    }

    public Lead get(AuthenticatedUser caller, UUID id) {
        return db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.LEAD_READ, id);
            return visible(caller, id, false);
        }).orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /** The lead if the caller may see it (no audit, no exception): for other features checking a lead. */
    public Optional<Lead> findVisible(AuthenticatedUser caller, UUID id) {
        return db.as(caller.claims()).read(() -> visible(caller, id, false));
    }

    /** Within a transaction: the lead if the caller may see it (row-level security and the Java rule agree). */
    private Optional<Lead> visible(AuthenticatedUser caller, UUID id, boolean forUpdate) {
        return leads.find(caller.orgId(), id, forUpdate).filter(l -> LeadAccess.canSee(caller, l));
    }

    /** The checks of {@link #create} that do not depend on the body (run before an idempotent replay, too). */
    public void requireCreator(AuthenticatedUser caller) {
        authorization.require(caller, Permission.LEAD_WRITE);
    }

    public Lead create(AuthenticatedUser caller, LeadInput in) {
        String status = in.status() == null ? "new" : in.status();
        String notes = sanitizeNotes(in.notes());
        return db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.LEAD_WRITE);
            Lead created = leads.insertReturning(new NewLead(UUID.randomUUID(), caller.orgId(), caller.id(), in.firstName(),
                    in.lastName(), in.email(), in.phone(), in.company(), status, in.source(), notes));
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "create", ENTITY, created.id(),
                    AuditDiff.snapshot("after", created.writable(), SUMMARIZED)));
            return created;
        });
    }

    public Lead update(AuthenticatedUser caller, UUID id, Patch<LeadInput> patch) {
        LeadInput p = patch.value();
        String notes = patch.has("notes") ? sanitizeNotes(p.notes()) : null;
        Optional<Lead> result = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.LEAD_WRITE, id);
            return visible(caller, id, true).map(before -> {
            if (patch.isEmpty()) {
                return before;
            }
            Lead changed = new Lead(before.id(), before.orgId(), before.ownerId(), before.assignedAgentId(),
                    patch.has("first_name") ? p.firstName() : before.firstName(),
                    patch.has("last_name") ? p.lastName() : before.lastName(),
                    patch.has("email") ? p.email() : before.email(),
                    patch.has("phone") ? p.phone() : before.phone(),
                    patch.has("company") ? p.company() : before.company(),
                    patch.has("status") ? p.status() : before.status(),
                    patch.has("source") ? p.source() : before.source(),
                    patch.has("notes") ? notes : before.notes(),
                    before.createdAt(), before.updatedAt());
            Lead after = leads.update(changed);
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "update", ENTITY, id,
                    AuditDiff.changes(before.writable(), after.writable(), SUMMARIZED)));
            return after;
            });
        });
        return result.orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /** Admin only, with a recent sign-in (API.md §2 sensitive actions). Its calls go with it. */
    public void delete(AuthenticatedUser caller, UUID id) {
        boolean deleted = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.LEAD_DELETE, id);
            return visible(caller, id, true).map(before -> {
            long calls = leads.countCalls(caller.orgId(), id);
            leads.delete(caller.orgId(), id);
            Map<String, Object> details = new LinkedHashMap<>(AuditDiff.snapshot("before", before.writable(), SUMMARIZED));
            details.put("calls_deleted", calls);
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "delete", ENTITY, id, details));
            return true;
            }).orElse(false);
        });
        if (!deleted) {
            throw authorization.notFound(caller, ENTITY, id);
        }
    }

    /** The admin-only check of {@link #assign}, for the controller to run before reading the body. */
    public void requireAssigner(AuthenticatedUser caller, UUID id) {
        authorization.require(caller, Permission.LEAD_ASSIGN, id);
    }

    /**
     * Admin only. {@code agentId} must be an {@code agent} of the caller's org; anything else (unknown
     * id, another org's user, a non-agent) is the same 400, so the answer reveals nothing about other
     * orgs. {@code null} removes the assignment.
     */
    public Lead assign(AuthenticatedUser caller, UUID id, UUID agentId) {
        Optional<Lead> result = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.LEAD_ASSIGN, id);
            // The agent's row is locked before the lead's, in the order a role change takes them.
            boolean agentOk = agentId == null || leads.lockOrgAgent(caller.orgId(), agentId);
            return visible(caller, id, true).map(before -> {
                if (!agentOk) {
                    throw FieldErrorException.of("agent_id", "must be an agent of your organization");
                }
                Lead after = leads.assign(caller.orgId(), id, agentId);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("before", before.assignedAgentId() == null ? null : before.assignedAgentId().toString());
                details.put("after", agentId == null ? null : agentId.toString());
                audit.record(AuditEvent.success(caller.orgId(), caller.id(), "assign", ENTITY, id,
                        Map.of("changes", Map.of("assigned_agent_id", details))));
                return after;
            });
        });
        return result.orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /**
     * Removes every assignment of {@code agentId} (who is no longer an agent, {@code reason} says why),
     * one audit row per lead. Runs in the caller's transaction, which must already hold the person's
     * row lock (see {@code LeadRepository.lockOrgAgent}); for admin operations on users only.
     *
     * @return how many leads were unassigned
     */
    public int clearAssignments(AuthenticatedUser caller, UUID agentId, String reason) {
        if (caller.role() != admin) {
            throw new IllegalStateException("assignments are cleared by an admin operation only");
        }
        return db.as(caller.claims()).write(() -> {
            var cleared = leads.unassignAll(caller.orgId(), agentId);
            for (UUID lead : cleared) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("before", agentId.toString());
                change.put("after", null);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("changes", Map.of("assigned_agent_id", change));
                details.put("reason", reason);
                audit.record(AuditEvent.success(caller.orgId(), caller.id(), "assign", ENTITY, lead, details));
            }
            return cleared.size();
        });
    }

    static String sanitizeNotes(String notes) {
        String safe = HtmlSanitizer.sanitize(notes);
        if (safe != null && safe.isBlank()) {
            return null;
        }
        if (safe != null && safe.length() > MAX_STORED_NOTES) {
            throw FieldErrorException.of("notes", "is too long once sanitized");
        }
        return safe;
    }
}
