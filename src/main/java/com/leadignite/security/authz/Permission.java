package com.leadignite.security.authz;

import com.leadignite.security.AuthenticatedUser.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every permission a service asks for, with the roles that hold it and whether it also needs a recent
 * password sign-in (step-up, API.md §2). The entity type names the audit rows of a refusal. Rules that
 * need the data (own rows, assignment, self-modification, the last admin) stay with the service.
 */
public enum Permission {

    USER_READ("user", false, Role.admin),
    USER_ADMIN("user", true, Role.admin),
    INVITATION_READ("invitation", false, Role.admin),
    INVITATION_ADMIN("invitation", true, Role.admin),
    FORM_KEY_ADMIN("form_key", false, Role.admin),
    AUDIT_READ("org", false, Role.admin),
    AUDIT_EXPORT("org", true, Role.admin),
    ALERT_READ("org", false, Role.admin),
    SIGNING_KEY_ROTATE("signing_key", true, Role.admin),
    LEAD_READ("lead", false, Role.admin, Role.agent, Role.user),
    LEAD_WRITE("lead", false, Role.admin, Role.agent, Role.user),
    LEAD_ASSIGN("lead", false, Role.admin),
    LEAD_DELETE("lead", true, Role.admin),
    LEAD_IMPORT("lead", false, Role.admin),
    CALL_READ("call", false, Role.admin, Role.agent, Role.user),
    CALL_WRITE("call", false, Role.admin, Role.agent, Role.user),
    CALL_DIAL("call", false, Role.admin, Role.agent),
    ASSISTANT_READ("assistant", false, Role.admin, Role.agent, Role.user),
    ASSISTANT_WRITE("assistant", false, Role.admin),
    INTEGRATION_ADMIN("integration", true, Role.admin),
    WEBHOOK_ENDPOINT_ADMIN("webhook_endpoint", true, Role.admin);

    private final String entityType;
    private final boolean stepUp;
    private final Set<Role> roles;

    Permission(String entityType, boolean stepUp, Role first, Role... more) {
        this.entityType = entityType;
        this.stepUp = stepUp;
        this.roles = EnumSet.of(first, more);
    }

    /** The {@code entity_type} of the audit row when this permission is refused. */
    public String entityType() {
        return entityType;
    }

    /** Whether a recent password sign-in is needed on top of the role. */
    public boolean needsStepUp() {
        return stepUp;
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }
}
