package com.leadignite.auth.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * GoTrue's session object ({@code AccessTokenResponse}). Serialized with the global snake_case naming;
 * {@code toString} hides the tokens, so even a debug log of a response body cannot leak them. A cookie
 * session's body leaves the tokens (and their type) out: they travel only in {@code HttpOnly} cookies.
 */
public record SessionResponse(@JsonInclude(JsonInclude.Include.NON_NULL) String accessToken,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String tokenType,
                              long expiresIn, long expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken,
                              Map<String, Object> user) {

    /** The body of a cookie session: lifetime and user, no token. */
    public SessionResponse withoutTokens() {
        return new SessionResponse(null, null, expiresIn, expiresAt, null, user);
    }

    @Override
    public String toString() {
        return "SessionResponse[tokens=***]";
    }
}
