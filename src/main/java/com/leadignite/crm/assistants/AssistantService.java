package com.leadignite.crm.assistants;


import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.web.PageQuery;
import com.leadignite.crm.common.Patch;
import com.leadignite.web.SortSpec;
import com.leadignite.db.Database;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.PageResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Assistants: every role of the org reads, only admins write; writes are audited in the same transaction. */
@Service
public class AssistantService {

    static final String ENTITY = "assistant";
    static final Set<String> SUMMARIZED = Set.of("system_prompt");

    public static final Map<String, String> SORTABLE = Map.of(
            "created_at", "a.created_at", "updated_at", "a.updated_at", "name", "a.name");

    private final AssistantRepository assistants;
    private final Authorization authorization;
    private final AuditWriter audit;
    private final Database db;

    public AssistantService(AssistantRepository assistants, Authorization authorization, AuditWriter audit, Database db) {
        this.db = db;
        this.assistants = assistants;
        this.authorization = authorization;
        this.audit = audit;
    }

    public PageResponse<Assistant> list(AuthenticatedUser caller, PageQuery page, SortSpec sort) {
        return db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.ASSISTANT_READ);
            return new PageResponse<>(assistants.list(caller.orgId(), page, sort), page.page(), page.size(),
                    assistants.count(caller.orgId()));
        });
    }

    public Assistant get(AuthenticatedUser caller, UUID id) {
        return db.as(caller.claims()).read(() -> {
            authorization.require(caller, Permission.ASSISTANT_READ, id);
            return assistants.find(caller.orgId(), id, false);
        }).orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /**
     * The admin-only check on its own, so controllers can refuse a non-admin before even reading the
     * body (a 403 must not turn into a 400 that reveals which fields are valid).
     */
    public void requireWriter(AuthenticatedUser caller, UUID id) {
        authorization.require(caller, Permission.ASSISTANT_WRITE, id);
    }

    public Assistant create(AuthenticatedUser caller, AssistantInput in) {
        return db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.ASSISTANT_WRITE);
            Assistant created = assistants.insert(caller.orgId(), in);
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "create", ENTITY, created.id(),
                    AuditDiff.snapshot("after", created.writable(), SUMMARIZED)));
            return created;
        });
    }

    public Assistant update(AuthenticatedUser caller, UUID id, Patch<AssistantInput> patch) {
        AssistantInput p = patch.value();
        Optional<Assistant> result = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.ASSISTANT_WRITE, id);
            return assistants.find(caller.orgId(), id, true).map(before -> {
            if (patch.isEmpty()) {
                return before;
            }
            Assistant after = assistants.update(new Assistant(before.id(), before.orgId(),
                    patch.has("name") ? p.name() : before.name(),
                    patch.has("provider") ? p.provider() : before.provider(),
                    patch.has("voice_id") ? p.voiceId() : before.voiceId(),
                    patch.has("system_prompt") ? p.systemPrompt() : before.systemPrompt(),
                    patch.has("external_id") ? p.externalId() : before.externalId(),
                    before.createdAt(), before.updatedAt()));
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "update", ENTITY, id,
                    AuditDiff.changes(before.writable(), after.writable(), SUMMARIZED)));
            return after;
            });
        });
        return result.orElseThrow(() -> authorization.notFound(caller, ENTITY, id));
    }

    /** Calls that used the assistant keep existing; their {@code assistant_id} becomes null. */
    public void delete(AuthenticatedUser caller, UUID id) {
        boolean deleted = db.as(caller.claims()).write(() -> {
            authorization.require(caller, Permission.ASSISTANT_WRITE, id);
            return assistants.find(caller.orgId(), id, true).map(before -> {
            assistants.delete(caller.orgId(), id);
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "delete", ENTITY, id,
                    AuditDiff.snapshot("before", before.writable(), SUMMARIZED)));
            return true;
            }).orElse(false);
        });
        if (!deleted) {
            throw authorization.notFound(caller, ENTITY, id);
        }
    }
}
