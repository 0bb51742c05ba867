package com.leadignite.crm.org;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.crm.common.Patch;
import com.leadignite.db.Database;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The caller's own organization. Every member reads it; an admin renames it or turns {@code require_mfa}
 * on or off (step-up, audited as {@code org_update} with the change). Turning it on is allowed to an
 * admin without a factor, as Supabase and Google Workspace allow: from the next request that admin, like
 * every other admin of the org, needs an {@code aal2} session for {@code /api/v1}, and can still enroll
 * a factor through {@code /auth/v1/factors}.
 */
@Service
public class OrgService {

    public static final String ENTITY = "org";

    private final Database db;
    private final OrgRepository orgs;
    private final AuditWriter audit;
    private final Authorization authz;

    public OrgService(Database db, OrgRepository orgs, AuditWriter audit, Authorization authz) {
        this.db = db;
        this.orgs = orgs;
        this.audit = audit;
        this.authz = authz;
    }

    public Org get(AuthenticatedUser caller) {
        return db.as(caller.claims()).read(() -> orgs.find(caller.orgId(), false)).orElseThrow(ApiException::notFound);
    }

    /** {@code body} is read only once the caller is known to be allowed (a refusal never validates it). */
    public Org update(AuthenticatedUser caller, java.util.function.Supplier<Patch<OrgInput>> body) {
        AuthenticatedUser admin = authz.require(caller, Permission.ORG_UPDATE);
        Patch<OrgInput> patch = body.get();
        return db.as(admin.claims()).write(() -> {
            Org before = orgs.find(admin.orgId(), true).orElseThrow(ApiException::notFound);
            OrgInput in = patch.value();
            Org changed = new Org(before.id(),
                    patch.has("name") ? in.name() : before.name(),
                    patch.has("require_mfa") ? in.requireMfa() : before.requireMfa());
            Org after = orgs.update(changed);
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "org_update", ENTITY, admin.orgId(),
                    AuditDiff.changes(writable(before), writable(after), java.util.Set.of())));
            return after;
        });
    }

    private static Map<String, Object> writable(Org o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("require_mfa", o.requireMfa());
        return m;
    }
}
