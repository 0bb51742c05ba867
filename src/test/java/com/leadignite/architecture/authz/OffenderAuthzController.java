package com.leadignite.architecture.authz;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;

/**
 * Sample offender for {@link com.leadignite.architecture.PackageRulesTest}: a controller that decides a
 * permission itself and calls a service that decides none. (Not annotated, or the application's component
 * scan would pick it up in tests.)
 */
public class OffenderAuthzController {
    private final Authorization authorization;
    private final OffenderUncheckedService service;

    public OffenderAuthzController(Authorization authorization, OffenderUncheckedService service) {
        this.authorization = authorization;
        this.service = service;
    }

    public int count(AuthenticatedUser caller) {
        authorization.require(caller, Permission.LEAD_READ);
        return service.count();
    }

    public boolean admin(AuthenticatedUser caller) {
        return caller.isAdmin();
    }
}
