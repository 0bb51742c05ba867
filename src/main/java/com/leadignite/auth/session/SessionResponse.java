package com.leadignite.auth.session;

import java.util.Map;

/**
 * GoTrue's session object ({@code AccessTokenResponse}). Serialized with the global snake_case naming;
 * {@code toString} hides the tokens, so even a debug log of a response body cannot leak them.
 */
public record SessionResponse(String accessToken, String tokenType, long expiresIn, long expiresAt,
                              String refreshToken, Map<String, Object> user) {

    @Override
    public String toString() {
        return "SessionResponse[tokens=***]";
    }
}
