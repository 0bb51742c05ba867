package com.leadignite.auth.api;

import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@link AuthError}s the way {@code @supabase/auth-js} parses them: the legacy body
 * {@code {code:<status>, error_code, msg}} by default, or {@code {code:<error_code>, message}} with the
 * {@code X-Supabase-Api-Version} header echoed when the request asks for 2024-01-01. Both set
 * {@code x-sb-error-code}. Usable from controllers (as a ResponseEntity) and from filters.
 */
public final class AuthErrorResponder {

    public static final String API_VERSION_HEADER = "X-Supabase-Api-Version";
    public static final String API_VERSION_2024 = "2024-01-01";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuthErrorResponder() {
    }

    public static boolean isAuthPath(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return path.equals("/auth/v1") || path.startsWith("/auth/v1/");
    }

    static boolean newShape(HttpServletRequest request) {
        String v = request.getHeader(API_VERSION_HEADER);
        return v != null && v.trim().compareTo(API_VERSION_2024) >= 0 && v.trim().matches("\\d{4}-\\d{2}-\\d{2}");
    }

    public static Map<String, Object> body(AuthError e, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (newShape(request)) {
            body.put("code", e.code());
            body.put("message", e.getMessage());
        } else {
            body.put("code", e.status().value());
            body.put("error_code", e.code());
            body.put("msg", e.getMessage());
        }
        if (e.weakPasswordReasons() != null) {
            body.put("weak_password", Map.of("reasons", e.weakPasswordReasons()));
        }
        return body;
    }

    public static ResponseEntity<Map<String, Object>> entity(AuthError e, HttpServletRequest request) {
        var builder = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                .header("x-sb-error-code", e.code());
        if (newShape(request)) {
            builder.header(API_VERSION_HEADER, API_VERSION_2024);
        }
        return builder.body(body(e, request));
    }

    public static void write(AuthError e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("x-sb-error-code", e.code());
        if (newShape(request)) {
            response.setHeader(API_VERSION_HEADER, API_VERSION_2024);
        }
        response.getWriter().write(JSON.writeValueAsString(body(e, request)));
    }
}
