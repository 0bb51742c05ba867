package com.leadignite.security;

import com.leadignite.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one place authorization refusals are decided and reported: every 403 (role, step-up,
 * self-modification, the URL rules and method security) and every 404 of an id lookup is published as a
 * {@link SecurityEvent.AccessDenied}, which the audit log writes as {@code access_denied / denied} in its
 * own transaction, so it survives the rollback of the refused request. A 404 is reported whether the
 * record is in another org or does not exist at all: the service cannot tell them apart under
 * row-level security, and the answer to the client is identical either way.
 */
@Component
public class AccessDenials {

    public static final String ACTION = "access_denied";

    private final ApplicationEventPublisher events;
    private final StepUp stepUp;

    public AccessDenials(ApplicationEventPublisher events, StepUp stepUp) {
        this.events = events;
        this.stepUp = stepUp;
    }

    /** Deny by default: 403 (reported) unless the caller's role is one of {@code allowed}. */
    public void requireRole(AuthenticatedUser user, String entityType, Object entityId, AuthenticatedUser.Role... allowed) {
        if (user == null) {
            throw ApiException.forbidden();
        }
        if (java.util.Arrays.stream(allowed).noneMatch(r -> r == user.role())) {
            throw forbidden(user, entityType, entityId, "role");
        }
    }

    /** A recent password sign-in (API.md §2 step-up); otherwise 403 reauthentication-required (reported). */
    public void requireStepUp(AuthenticatedUser user, String entityType, Object entityId) {
        try {
            stepUp.require(user);
        } catch (ReauthenticationRequiredException e) {
            report(user, entityType, entityId, reason(user, "reauthentication_required"), null);
            throw e;
        } catch (MfaRequiredException e) {
            report(user, entityType, entityId, reason(user, "mfa_required"), null);
            throw e;
        }
    }

    /** A 403 {@code mfa-required} for a caller whose org makes its admins use MFA (reported). */
    public MfaRequiredException orgRequiresMfa(AuthenticatedUser user, HttpServletRequest request) {
        Map<String, Object> details = reason(user, "org_requires_mfa");
        details.put("method", request.getMethod());
        details.put("path", request.getRequestURI());
        report(user, "org", user.orgId(), details, null);
        return new MfaRequiredException(MfaRequiredException.ORG_POLICY);
    }

    /** The caller, who must be an admin of their org; otherwise 403 (reported). */
    public AuthenticatedUser requireAdmin(String entityType, Object entityId) {
        AuthenticatedUser user = CurrentUser.get();
        requireRole(user, entityType, entityId, AuthenticatedUser.Role.admin);
        return user;
    }

    /** Admin plus a recent password sign-in; otherwise 403 (reported). */
    public AuthenticatedUser requireAdminWithStepUp(String entityType, Object entityId) {
        AuthenticatedUser user = requireAdmin(entityType, entityId);
        requireStepUp(user, entityType, entityId);
        return user;
    }

    /** A 403 for {@code reason}, reported. */
    public ApiException forbidden(AuthenticatedUser user, String entityType, Object entityId, String reason) {
        report(user, entityType, entityId, reason(user, reason), null);
        return ApiException.forbidden();
    }

    /** A 403 reported with the caller's own {@code details}. */
    public ApiException forbidden(AuthenticatedUser user, String entityType, Object entityId, Map<String, Object> details) {
        report(user, entityType, entityId, details, null);
        return ApiException.forbidden();
    }

    /** A 404 for an id that is not visible to the caller (other org, or none at all), reported. */
    public ApiException notFound(AuthenticatedUser user, String entityType, Object entityId) {
        report(user, entityType, entityId, reason(user, "not_found"), null);
        return ApiException.notFound();
    }

    /**
     * The 404 for an id whose owning org is known ({@code recordOrg}, null when there is no such record).
     * The caller's org log gets reason {@code not_found} whether the id belongs to another org or to
     * nothing at all, so that log is no existence oracle for the prober's own admins; {@code not_visible}
     * only for a record of the caller's own org outside the caller's rows. A probe of another org's
     * record is also reported to that org.
     */
    public ApiException notFound(AuthenticatedUser user, String entityType, UUID entityId, UUID recordOrg) {
        boolean ownOrg = recordOrg != null && recordOrg.equals(user.orgId());
        report(user, entityType, entityId, Map.of("reason", ownOrg ? "not_visible" : "not_found"),
                recordOrg == null || ownOrg ? null : recordOrg);
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

    /** A refusal by Spring Security's own rules (URL rules, method security), reported with the request line. */
    public void deniedBySecurityRules(HttpServletRequest request) {
        AuthenticatedUser user = CurrentUser.find().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", request.getMethod());
        details.put("path", request.getRequestURI());
        events.publishEvent(new SecurityEvent.AccessDenied(user == null ? null : user.orgId(),
                user == null ? null : user.id(), "user", user == null ? null : user.id(), details, null));
    }

    private static Map<String, Object> reason(AuthenticatedUser user, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("role", user.role().name());
        return details;
    }

    private void report(AuthenticatedUser user, String entityType, Object entityId, Map<String, Object> details,
                        UUID probedOrgId) {
        events.publishEvent(new SecurityEvent.AccessDenied(user.orgId(), user.id(), entityType, entityId, details,
                probedOrgId));
    }
}
