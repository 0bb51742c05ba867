package com.leadignite.config;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS per API.md §7: exact allow-listed origins only (credentials only for them), and the public lead
 * capture endpoint, whose preflight any origin may pass without credentials (the real request checks the
 * origin against the form key's own list).
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfig {

    static final List<String> ALLOWED_HEADERS = List.of("authorization", "apikey", "content-type", "x-client-info",
            "x-supabase-api-version", "x-xsrf-token", "idempotency-key", "x-form-key", "x-request-id");
    /** supabase-js sends {@code X-Supabase-Client-Platform}, {@code -Runtime}, ... and may add more. */
    static final String SUPABASE_CLIENT_PREFIX = "x-supabase-client-";
    static final List<String> EXPOSED_HEADERS = List.of("x-request-id", "x-sb-error-code", "x-supabase-api-version",
            "ratelimit", "ratelimit-policy", "retry-after", "location");

    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties props) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();

        PrefixHeaderCorsConfiguration capture = new PrefixHeaderCorsConfiguration();
        capture.addAllowedOrigin("*"); // a literal *, never an echo: nothing credentialed here
        capture.setAllowCredentials(false);
        capture.setAllowedMethods(List.of("POST"));
        capture.setAllowedHeaders(List.of("content-type", "x-form-key", "x-captcha-token", "x-request-id"));
        capture.setExposedHeaders(EXPOSED_HEADERS);
        capture.setMaxAge(props.maxAge());
        source.registerCorsConfiguration("/api/v1/public/lead-capture", capture);

        if (!props.allowedOrigins().isEmpty()) {
            PrefixHeaderCorsConfiguration app = new PrefixHeaderCorsConfiguration();
            app.setAllowedOrigins(props.allowedOrigins());
            app.setAllowCredentials(props.allowCredentials());
            app.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
            app.setAllowedHeaders(ALLOWED_HEADERS);
            app.setExposedHeaders(EXPOSED_HEADERS);
            app.setMaxAge(props.maxAge());
            source.registerCorsConfiguration("/**", app);
        }
        return source;
    }

    /** Allows the listed headers plus any {@code x-supabase-client-*} header. */
    static final class PrefixHeaderCorsConfiguration extends CorsConfiguration {
        @Override
        public List<String> checkHeaders(List<String> requestHeaders) {
            if (requestHeaders == null || requestHeaders.isEmpty()) {
                return super.checkHeaders(requestHeaders);
            }
            List<String> prefixed = requestHeaders.stream()
                    .filter(h -> h.trim().toLowerCase(java.util.Locale.ROOT).startsWith(SUPABASE_CLIENT_PREFIX)).toList();
            List<String> rest = requestHeaders.stream().filter(h -> !prefixed.contains(h)).toList();
            List<String> allowed = rest.isEmpty() ? new java.util.ArrayList<>() : super.checkHeaders(rest);
            if (allowed == null) {
                return null;
            }
            List<String> out = new java.util.ArrayList<>(allowed);
            out.addAll(prefixed);
            return out;
        }
    }
}
