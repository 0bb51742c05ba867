package com.leadignite.auth.oidc;

/**
 * A provider could not be used, or what it sent does not hold up. {@code reason} is a fixed
 * snake_case word for the audit row; it never carries provider text, a token or a URL.
 */
public class OidcFailure extends RuntimeException {

    private final String reason;

    public OidcFailure(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
