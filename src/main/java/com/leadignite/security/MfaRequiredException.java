package com.leadignite.security;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * 403 with problem type {@code .../mfa-required}: the action needs an {@code aal2} token, that is a
 * session that has proved a second factor ({@code POST /auth/v1/factors/{id}/challenge} and
 * {@code /verify}). The detail says why: a step-up action of a user with a verified factor, or the org's
 * {@code require_mfa} for its admins.
 */
public class MfaRequiredException extends ApiException {

    static final String STEP_UP = "This action needs a session verified with your second factor (aal2). "
            + "Complete an MFA challenge and try again.";
    static final String ORG_POLICY = "Your organization requires administrators to use multi-factor authentication. "
            + "Enroll a factor or complete an MFA challenge (aal2) and try again.";

    private MfaRequiredException(String detail) {
        super(HttpStatus.FORBIDDEN, "mfa-required", detail);
    }

    /** A step-up action of a user with a verified factor. */
    static MfaRequiredException forStepUp() {
        return new MfaRequiredException(STEP_UP);
    }

    /** An admin of an org with {@code require_mfa}. */
    public static MfaRequiredException forOrgPolicy() {
        return new MfaRequiredException(ORG_POLICY);
    }
}
