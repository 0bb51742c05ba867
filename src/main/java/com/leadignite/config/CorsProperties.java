package com.leadignite.config;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * CORS allow-list ({@code CORS_ALLOWED_ORIGINS}, comma-separated). Only these origins get CORS headers.
 *
 * @param allowedOrigins   exact origins such as {@code https://app.example.com}; empty = no cross-origin access
 * @param allowCredentials whether those origins may send cookies/credentials
 * @param maxAge           how long browsers may cache a preflight answer
 */
@Validated
@ConfigurationProperties("leadignite.cors")
public record CorsProperties(
        List<String> allowedOrigins,
        @DefaultValue("true") boolean allowCredentials,
        @DefaultValue("10m") java.time.Duration maxAge) {

    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String origin : allowedOrigins) {
            if (origin.equals("*")) {
                if (allowCredentials) {
                    throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS must not contain '*' while credentials are "
                            + "allowed (leadignite.cors.allow-credentials=true); list the exact origins instead");
                }
                continue;
            }
            if (!isOrigin(origin)) {
                throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS entry '" + origin
                        + "' is not an origin (scheme://host[:port], no path)");
            }
        }
    }

    public boolean hasWildcard() {
        return allowedOrigins.contains("*");
    }

    private static boolean isOrigin(String s) {
        try {
            URI u = new URI(s);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null
                    && u.getRawFragment() == null && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
