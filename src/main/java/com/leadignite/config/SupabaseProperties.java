package com.leadignite.config;

import com.leadignite.config.logging.Redacted;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * An external Supabase project whose access tokens are accepted as well ({@code SUPABASE_ISSUER} plus
 * {@code SUPABASE_JWKS_URL} and/or {@code SUPABASE_JWT_SECRET}). Off when the issuer is unset.
 *
 * @param issuer    exact {@code iss} of that project's tokens, e.g. {@code https://<ref>.supabase.co/auth/v1}
 * @param jwksUrl   its JWKS (ES256/RS256 keys, {@code kid} required)
 * @param jwtSecret its legacy HS256 secret (at least 32 bytes)
 */
@Validated
@ConfigurationProperties("leadignite.supabase")
public record SupabaseProperties(String issuer, String jwksUrl, String jwtSecret) {

    public static final int MIN_SECRET_BYTES = 32;

    public SupabaseProperties {
        issuer = blankToNull(issuer);
        jwksUrl = blankToNull(jwksUrl);
        jwtSecret = blankToNull(jwtSecret);
        if (issuer == null && (jwksUrl != null || jwtSecret != null)) {
            throw new IllegalArgumentException("SUPABASE_JWKS_URL / SUPABASE_JWT_SECRET need SUPABASE_ISSUER as well");
        }
        if (issuer != null && jwksUrl == null && jwtSecret == null) {
            throw new IllegalArgumentException("SUPABASE_ISSUER needs SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET");
        }
        if (issuer != null && !httpUrl(issuer)) {
            throw new IllegalArgumentException("SUPABASE_ISSUER must be an http(s) URL");
        }
        if (jwksUrl != null && !httpUrl(jwksUrl)) {
            throw new IllegalArgumentException("SUPABASE_JWKS_URL must be an http(s) URL");
        }
        if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("SUPABASE_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    public boolean enabled() {
        return issuer != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SupabaseProperties[issuer=" + Redacted.url(issuer) + ", jwksUrl=" + Redacted.url(jwksUrl) + ", jwtSecret="
                + Redacted.secret(jwtSecret) + "]";
    }
}
