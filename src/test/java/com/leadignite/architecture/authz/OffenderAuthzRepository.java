package com.leadignite.architecture.authz;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;

/** A repository that refuses callers itself instead of leaving that to its service. */
public class OffenderAuthzRepository {
    private final Authorization authorization;

    public OffenderAuthzRepository(Authorization authorization) {
        this.authorization = authorization;
    }

    public Object find(AuthenticatedUser caller) {
        return authorization.forbidden(caller, "lead", null, "role");
    }
}
