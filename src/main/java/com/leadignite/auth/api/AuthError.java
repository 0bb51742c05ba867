package com.leadignite.auth.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error answered in the Supabase Auth (GoTrue) shape under {@code /auth/v1}. Throw it from anything
 * serving that path; {@link AuthErrorResponder} renders it.
 */
public class AuthError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<String> weakPasswordReasons;

    public AuthError(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    public AuthError(HttpStatus status, String code, String message, List<String> weakPasswordReasons) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.weakPasswordReasons = weakPasswordReasons;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> weakPasswordReasons() {
        return weakPasswordReasons;
    }

    public static AuthError invalidCredentials() {
        return new AuthError(HttpStatus.BAD_REQUEST, "invalid_credentials", "Invalid login credentials");
    }

    public static AuthError validation(String message) {
        return new AuthError(HttpStatus.BAD_REQUEST, "validation_failed", message);
    }

    public static AuthError noAuthorization() {
        return new AuthError(HttpStatus.UNAUTHORIZED, "no_authorization", "This endpoint requires a valid Bearer token");
    }

    public static AuthError badJwt() {
        return new AuthError(HttpStatus.FORBIDDEN, "bad_jwt", "invalid JWT");
    }

    public static AuthError sessionNotFound() {
        return new AuthError(HttpStatus.FORBIDDEN, "session_not_found", "Session from session_id claim in JWT does not exist");
    }

    /**
     * The caller's token (one of the external Supabase project) has no session in this service, so there
     * is no session here to replace or end.
     */
    public static AuthError noLocalSession() {
        return new AuthError(HttpStatus.FORBIDDEN, "session_not_found",
                "Tokens of the external Supabase project have no session here: reauthenticate or sign out with that project");
    }

    public static AuthError rateLimited() {
        return new AuthError(HttpStatus.TOO_MANY_REQUESTS, "over_request_rate_limit", "Request rate limit reached");
    }
}
