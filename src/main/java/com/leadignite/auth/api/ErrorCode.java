package com.leadignite.auth.api;

/**
 * Every GoTrue {@code error_code} this service answers (as in supabase/auth {@code errorcode.go}); auth-js
 * branches on them, so they are spelled only here.
 */
public enum ErrorCode {
    UNEXPECTED_FAILURE,
    VALIDATION_FAILED,
    BAD_JSON,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    REQUEST_TIMEOUT,
    REQUEST_TOO_LARGE,
    OVER_REQUEST_RATE_LIMIT,
    NO_AUTHORIZATION,
    BAD_JWT,
    NOT_ADMIN,
    INVALID_CREDENTIALS,
    USER_ALREADY_EXISTS,
    WEAK_PASSWORD,
    SAME_PASSWORD,
    CAPTCHA_FAILED,
    SESSION_NOT_FOUND,
    SESSION_EXPIRED,
    REFRESH_TOKEN_NOT_FOUND,
    REFRESH_TOKEN_ALREADY_USED,
    REAUTHENTICATION_NEEDED,
    REAUTHENTICATION_NOT_VALID,
    INVITE_REVOKED,
    INSUFFICIENT_AAL,
    MFA_FACTOR_NOT_FOUND,
    MFA_FACTOR_NAME_CONFLICT,
    TOO_MANY_ENROLLED_MFA_FACTORS,
    MFA_CHALLENGE_EXPIRED,
    MFA_VERIFICATION_FAILED,
    MFA_IP_ADDRESS_MISMATCH,
    CONFLICT,
    EMAIL_EXISTS,
    USER_BANNED,
    BAD_OAUTH_STATE,
    BAD_OAUTH_CALLBACK,
    BAD_CODE_VERIFIER,
    FLOW_STATE_NOT_FOUND,
    FLOW_STATE_EXPIRED,
    OTP_EXPIRED,
    EMAIL_NOT_CONFIRMED,
    EMAIL_ADDRESS_INVALID;

    /** The wire spelling: {@code validation_failed}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return code();
    }
}
