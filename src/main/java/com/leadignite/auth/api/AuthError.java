package com.leadignite.auth.api;

import com.leadignite.web.ApiException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error answered in the Supabase Auth (GoTrue) shape under {@code /auth/v1}. Throw it from anything
 * serving that path; {@link GoTrueErrorRenderer} renders it.
 */
public class AuthError extends ApiException {

    private final ErrorCode code;
    private final List<String> weakPasswordReasons;

    public AuthError(HttpStatus status, ErrorCode code, String message) {
        this(status, code, message, null);
    }

    public AuthError(HttpStatus status, ErrorCode code, String message, List<String> weakPasswordReasons) {
        super(status, (URI) null, message);
        this.code = code;
        this.weakPasswordReasons = weakPasswordReasons;
    }

    public ErrorCode errorCode() {
        return code;
    }

    /** The wire spelling of the error code. */
    public String code() {
        return code.code();
    }

    public List<String> weakPasswordReasons() {
        return weakPasswordReasons;
    }

    public static AuthError invalidCredentials() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_CREDENTIALS, "Invalid login credentials");
    }

    public static AuthError validation(String message) {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED, message);
    }

    public static AuthError noAuthorization() {
        return new AuthError(HttpStatus.UNAUTHORIZED, ErrorCode.NO_AUTHORIZATION, "This endpoint requires a valid Bearer token");
    }

    public static AuthError badJwt() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.BAD_JWT, "invalid JWT");
    }

    public static AuthError sessionNotFound() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.SESSION_NOT_FOUND, "Session from session_id claim in JWT does not exist");
    }

    /**
     * The caller's token (one of the external Supabase project) has no session in this service, so there
     * is no session here to replace or end.
     */
    public static AuthError noLocalSession() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.SESSION_NOT_FOUND,
                "Tokens of the external Supabase project have no session here: reauthenticate or sign out with that project");
    }

    public static AuthError rateLimited() {
        return new AuthError(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.OVER_REQUEST_RATE_LIMIT, "Request rate limit reached");
    }

    /** The action needs a session that has proved a second factor (aal2). */
    public static AuthError insufficientAal() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.INSUFFICIENT_AAL,
                "AAL2 required: verify a second factor and try again.");
    }

    /** Step-up (API.md §2): the action needs a recent password sign-in. */
    public static AuthError reauthenticationNeeded() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.REAUTHENTICATION_NEEDED,
                "This action needs a recent sign-in. Reauthenticate and try again.");
    }
}
