package com.leadignite.security.authz;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.security.ReauthenticationRequiredException;
import com.leadignite.security.SecurityEvent;
import com.leadignite.security.StepUp;
import com.leadignite.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one place authorization is decided and refusals are reported. Services ask it for a
 * {@link Permission} inside the method that does the work (controllers and repositories never do, see
 * the architecture tests). Every 403 (role, step-up, the service's own data rules, the URL rules and
 * method security) and every 404 of an id lookup is published as a {@link SecurityEvent.AccessDenied},
 * which the audit log writes as {@code access_denied / denied} once the request's connection is back in
 * the pool, so it survives the rollback of the refused work. A 404 is reported whether the record is in
 * another org or does not exist at all: the service cannot tell them apart under row-level security, and
 * the answer to the client is identical either way.
 */
@Component
public class Authorization {

    public static final String ACTION = "access_denied";

    private final ApplicationEventPublisher events;
    private final StepUp stepUp;
    private final RecordOrgRepository records;

    public Authorization(ApplicationEventPublisher events, StepUp stepUp, RecordOrgRepository records) {
        this.events = events;
        this.stepUp = stepUp;
        this.records = records;
    }

    /** The caller, if they hold {@code permission}; otherwise 403 (reported). */
    public AuthenticatedUser require(AuthenticatedUser caller, Permission permission) {
        return require(caller, permission, null, null);
    }

    /** As {@link #require(AuthenticatedUser, Permission)}, naming the record the caller asked for. */
    public AuthenticatedUser require(AuthenticatedUser caller, Permission permission, Object entityId) {
        return require(caller, permission, entityId, null);
    }

    /**
     * As {@link #require(AuthenticatedUser, Permission, Object)}; {@code attempted} names the action in
     * the audit row of a refusal where one permission covers several (integrations, webhook endpoints).
     * Deny by default: the role is checked first, then step-up.
     */
    public AuthenticatedUser require(AuthenticatedUser caller, Permission permission, Object entityId, String attempted) {
        if (caller == null) {
            throw ApiException.forbidden();
        }
        if (!permission.grantedTo(caller.role())) {
            throw forbidden(caller, permission.entityType(), entityId, details(caller, "role", attempted));
        }
        if (permission.needsStepUp()) {
            try {
                stepUp.require(caller);
            } catch (ReauthenticationRequiredException e) {
                report(caller, permission.entityType(), entityId, details(caller, "reauthentication_required", attempted), null);
                throw e;
            }
        }
        return caller;
    }

    /** A 403 for a rule of the service's own ({@code reason}), reported. */
    public ApiException forbidden(AuthenticatedUser caller, String entityType, Object entityId, String reason) {
        return forbidden(caller, entityType, entityId, details(caller, reason, null));
    }

    /** A 403 reported with the service's own {@code details}. */
    public ApiException forbidden(AuthenticatedUser caller, String entityType, Object entityId, Map<String, Object> details) {
        report(caller, entityType, entityId, details, null);
        return ApiException.forbidden();
    }

    /**
     * The 404 for an id the caller cannot see. For a CRM record ({@link RecordOrgRepository#KINDS}) the
     * owning org is looked up: the caller's org log gets reason {@code not_found} whether the id belongs
     * to another org or to nothing at all, so that log is no existence oracle for the prober's own
     * admins; {@code not_visible} only for a record of the caller's own org outside the caller's rows.
     * A probe of another org's record is also recorded in that org's log (reason
     * {@code cross_org_probe}, without the prober's user id), where the prober cannot read it.
     */
    public ApiException notFound(AuthenticatedUser caller, String entityType, UUID entityId) {
        if (entityId == null || !RecordOrgRepository.KINDS.contains(entityType)) {
            report(caller, entityType, entityId, details(caller, "not_found", null), null);
            return ApiException.notFound();
        }
        UUID owner = records.orgOf(entityType, entityId).orElse(null);
        boolean ownOrg = owner != null && owner.equals(caller.orgId());
        report(caller, entityType, entityId, Map.of("reason", ownOrg ? "not_visible" : "not_found"),
                owner == null || ownOrg ? null : owner);
        return ApiException.notFound();
    }

    /**
     * The 404 of a path id that is no UUID at all: it names no record, so it answers like an unknown
     * id and is reported like one (without the text, which is the caller's and not an id).
     */
    public ApiException malformedId(String entityType) {
        return CurrentUser.find().map(caller -> notFound(caller, entityType, null)).orElseGet(ApiException::notFound);
    }

    /** A refusal by Spring Security's own rules (URL rules, method security), reported with the request line. */
    public void deniedBySecurityRules(HttpServletRequest request) {
        AuthenticatedUser user = CurrentUser.find().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", request.getMethod());
        details.put("path", request.getRequestURI());
        events.publishEvent(new SecurityEvent.AccessDenied(user == null ? null : user.orgId(),
                user == null ? null : user.id(), "user", user == null ? null : user.id(), details, null));
    }

    private static Map<String, Object> details(AuthenticatedUser caller, String reason, String attempted) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("role", caller.role().name());
        if (attempted != null) {
            details.put("attempted", attempted);
        }
        return details;
    }

    private void report(AuthenticatedUser caller, String entityType, Object entityId, Map<String, Object> details,
                        UUID probedOrgId) {
        events.publishEvent(new SecurityEvent.AccessDenied(caller.orgId(), caller.id(), entityType, entityId, details,
                probedOrgId));
    }
}
