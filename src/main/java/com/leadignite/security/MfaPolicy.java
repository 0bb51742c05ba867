package com.leadignite.security;

import com.leadignite.db.Database;
import org.springframework.stereotype.Component;

/** The MFA facts of a caller that step-up and the org's {@code require_mfa} turn on. */
@Component
public class MfaPolicy {

    private final Database db;
    private final MfaStateRepository state;

    MfaPolicy(Database db, MfaStateRepository state) {
        this.db = db;
        this.state = state;
    }

    /** Whether the caller has a verified factor (and so needs aal2 for step-up actions). */
    public boolean hasVerifiedFactor(AuthenticatedUser user) {
        return db.as(user.claims()).read(state::hasVerifiedFactor);
    }

    /**
     * Whether the caller is an admin whose org requires MFA of its admins, for a caller whose session
     * confirmation did not say (one built confirmed: an external project's user).
     */
    boolean orgRequiresMfa(AuthenticatedUser user) {
        return db.as(user.claims()).read(state::orgRequiresMfaOfCaller);
    }
}
