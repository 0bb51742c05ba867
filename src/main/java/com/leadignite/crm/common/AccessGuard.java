package com.leadignite.crm.common;

import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.ApiException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Role checks and not-found answers of the CRM records; every refusal is reported by
 * {@link AccessDenials} (audited as {@code access_denied}, surviving the rollback of the request).
 */
@Component
public class AccessGuard {

    private final RecordOrgRepository records;
    private final AccessDenials denials;

    public AccessGuard(RecordOrgRepository records, AccessDenials denials) {
        this.records = records;
        this.denials = denials;
    }

    /** Deny by default: 403 (audited) unless the caller's role is one of {@code allowed}. */
    public void requireRole(AuthenticatedUser user, String entityType, Object entityId, AuthenticatedUser.Role... allowed) {
        denials.requireRole(user, entityType, entityId, allowed);
    }

    /** Step-up for sensitive actions; a stale sign-in is audited and answered 403 reauthentication-required. */
    public void requireStepUp(AuthenticatedUser user, String entityType, Object entityId) {
        denials.requireStepUp(user, entityType, entityId);
    }

    /**
     * The 404 for an id the caller cannot see. The caller's org log gets {@code denied}, reason
     * {@code not_found}, whether the id belongs to another org or to nothing at all, so that log is no
     * existence oracle for the prober's own admins; {@code not_visible} only for a record of the caller's
     * own org outside the caller's rows. A probe of another org's record is also recorded in that org's
     * log (reason {@code cross_org_probe}, without the prober's user id), where the prober cannot read it.
     * Both rows commit together; the client gets the same 404 either way.
     *
     * @param kind {@code lead}, {@code call} or {@code assistant}
     */
    public ApiException notFound(AuthenticatedUser user, String kind, UUID id) {
        UUID owner = records.orgOf(kind, id).orElse(null);
        return denials.notFound(user, kind, id, owner);
    }
}
