package com.leadignite.crm.common;

import com.leadignite.audit.AccessDenials;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.ApiException;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Role checks and not-found answers that leave an audit trace. Every denial is written with
 * {@link AuditWriter#recordIndependently} (action {@code access_denied}), so it survives the rollback of
 * the request's own transaction. Call these while no transaction is held (before or after the
 * service's {@link Transactions} block): the independent write needs a connection of its own.
 */
@Component
public class AccessGuard {

    private final AuditWriter audit;
    private final JdbcClient jdbc;
    private final AccessDenials denials;

    public AccessGuard(AuditWriter audit, JdbcClient jdbc, AccessDenials denials) {
        this.audit = audit;
        this.jdbc = jdbc;
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
     * The 404 for an id the caller cannot see. Whether a record with that id exists at all (in another
     * org, or in this org but outside the caller's rows) is recorded for the audit (outcome
     * {@code denied}, reason {@code not_visible}); a truly unknown id is recorded as {@code failure},
     * reason {@code not_found}. Both paths do the same work, and the client gets the same 404 either way.
     *
     * @param kind {@code lead}, {@code call} or {@code assistant}
     */
    public ApiException notFound(AuthenticatedUser user, String kind, UUID id) {
        boolean exists = Boolean.TRUE.equals(jdbc.sql("select public.crm_record_exists(:kind, :id)")
                .param("kind", kind).param("id", id).query(Boolean.class).single());
        audit.recordIndependently(AuditEvent.of(exists ? AuditEvent.Outcome.denied : AuditEvent.Outcome.failure,
                user.orgId(), user.id(), "access_denied", kind, id, Map.of("reason", exists ? "not_visible" : "not_found")));
        return ApiException.notFound();
    }
}
