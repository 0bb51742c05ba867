package com.leadignite.integrations.vault;

import java.time.Instant;

/**
 * What the vault keeps for one integration: an API key, or the OAuth tokens of a GoHighLevel location.
 * {@code toString} never shows a secret, so a credential that reaches a log line by mistake leaks nothing.
 */
public sealed interface Credential {

    /** An API key entered by an admin (Vapi, ElevenLabs). */
    record ApiKey(String key) implements Credential {

        /** The last 4 characters: all an admin is ever shown again. */
        public String last4() {
            return key.length() <= 4 ? "" : key.substring(key.length() - 4);
        }

        @Override
        public String toString() {
            return "ApiKey[******]";
        }
    }

    /** OAuth tokens; {@code accountId} is the GoHighLevel location the tokens act for. */
    record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, String accountId) implements Credential {

        @Override
        public String toString() {
            return "OAuthTokens[******, expiresAt=" + expiresAt + ", accountId=" + accountId + "]";
        }
    }
}
