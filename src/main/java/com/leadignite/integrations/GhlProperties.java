package com.leadignite.integrations;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.constraints.NotBlank;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The GoHighLevel OAuth app and HighLevel's webhook keys. Without a client id the OAuth flow is off
 * (connect answers 409); the client secret is used only server-side, towards the token endpoint.
 *
 * @param clientId            {@code GHL_CLIENT_ID}
 * @param clientSecret        {@code GHL_CLIENT_SECRET}; never logged, returned, redirected or audited
 * @param authorizeUrl        {@code GHL_AUTHORIZE_URL}: where the admin's browser is sent
 * @param tokenUrl            {@code GHL_TOKEN_URL}
 * @param revokeUrl           {@code GHL_REVOKE_URL}: an RFC 7009 revocation endpoint; empty: nothing to call
 * @param apiBaseUrl          {@code GHL_API_BASE_URL}
 * @param scopes              {@code GHL_SCOPES}, space-separated; the default is what the import needs
 */
@Validated
@ConfigurationProperties("leadignite.integrations.ghl")
public record GhlProperties(
        String clientId,
        String clientSecret,
        @NotBlank String authorizeUrl,
        @NotBlank String tokenUrl,
        String revokeUrl,
        @NotBlank String apiBaseUrl,
        @NotBlank String scopes) {

    public GhlProperties {
        if (clientId != null && !clientId.isBlank() && (clientSecret == null || clientSecret.isBlank())) {
            throw new IllegalArgumentException("GHL_CLIENT_SECRET is required when GHL_CLIENT_ID is set");
        }
    }

    public boolean configured() {
        return clientId != null && !clientId.isBlank();
    }

    public List<String> scopeList() {
        return Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** A URL without its credentials; a value that is no URL at all is not shown. */
    private static String url(String value) {
        return value == null || value.matches("(?i)https?://.*") ? Redacted.url(value) : Redacted.secret(value);
    }

    @Override
    public String toString() {
        return "GhlProperties[clientId=" + clientId + ", clientSecret=" + Redacted.secret(clientSecret)
                + ", authorizeUrl=" + Redacted.url(authorizeUrl) + ", tokenUrl=" + url(tokenUrl)
                + ", revokeUrl=" + Redacted.url(revokeUrl) + ", apiBaseUrl=" + Redacted.url(apiBaseUrl)
                + ", scopes=" + scopes + "]";
    }
}
