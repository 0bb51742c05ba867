package com.leadignite.audit;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.security.ReauthenticationRequiredException;
import com.leadignite.security.StepUp;
import com.leadignite.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Authorization checks of the admin API that leave a trace when they refuse: every 403 (role, step-up,
 * self-modification) and every 404 of an id lookup is written as {@code access_denied / denied} in its
 * own transaction, so it survives the rollback of the refused request. A 404 is audited whether the
 * record is in another org or does not exist at all: the service cannot tell them apart under
 * row-level security, and the answer to the client is identical either way.
 */
@Component
public class AccessDenials {

    public static final String ACTION = "access_denied";

    private final AuditWriter audit;
    private final StepUp stepUp;

    public AccessDenials(AuditWriter audit, StepUp stepUp) {
        this.audit = audit;
        this.stepUp = stepUp;
    }

    /** Deny by default: 403 (audited) unless the caller's role is one of {@code allowed}. */
    public void requireRole(AuthenticatedUser user, String entityType, Object entityId, AuthenticatedUser.Role... allowed) {
        if (user == null) {
            throw ApiException.forbidden();
        }
        if (java.util.Arrays.stream(allowed).noneMatch(r -> r == user.role())) {
            throw forbidden(user, entityType, entityId, "role");
        }
    }

    /** A recent password sign-in (API.md §2 step-up); otherwise 403 reauthentication-required (audited). */
    public void requireStepUp(AuthenticatedUser user, String entityType, Object entityId) {
        try {
            stepUp.require(user);
        } catch (ReauthenticationRequiredException e) {
            record(user, entityType, entityId, "reauthentication_required");
            throw e;
        }
    }

    /** The caller, who must be an admin of their org; otherwise 403 (audited). */
    public AuthenticatedUser requireAdmin(String entityType, Object entityId) {
        AuthenticatedUser user = CurrentUser.get();
        requireRole(user, entityType, entityId, AuthenticatedUser.Role.admin);
        return user;
    }

    /** Admin plus a recent password sign-in; otherwise 403 (audited). */
    public AuthenticatedUser requireAdminWithStepUp(String entityType, Object entityId) {
        AuthenticatedUser user = requireAdmin(entityType, entityId);
        requireStepUp(user, entityType, entityId);
        return user;
    }

    /** A 403 for {@code reason}, audited. */
    public ApiException forbidden(AuthenticatedUser user, String entityType, Object entityId, String reason) {
        record(user, entityType, entityId, reason);
        return ApiException.forbidden();
    }

    /** A 404 for an id that is not visible to the caller (other org, or none at all), audited. */
    public ApiException notFound(AuthenticatedUser user, String entityType, Object entityId) {
        record(user, entityType, entityId, "not_found");
        return ApiException.notFound();
    }

    /** Parses a path id; anything that is not a UUID answers like a missing record. */
    public UUID parseId(String raw, String entityType) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw notFound(CurrentUser.get(), entityType, null);
        }
    }

    private void record(AuthenticatedUser user, String entityType, Object entityId, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("role", user.role().name());
        audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, user.orgId(), user.id(), ACTION,
                entityType, entityId, details));
    }
}
