package com.leadignite.web;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.AuthErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * Framework-level failures on {@code /auth/v1} paths (no handler, wrong method, unreadable body...) that no
 * auth-specific handler answered: rendered in the GoTrue shape rather than as problems, so auth-js can
 * parse them. The auth feature's own errors never get here.
 */
final class AuthPathErrors {

    private AuthPathErrors() {
    }

    static AuthError of(HttpStatusCode status) {
        HttpStatus s = HttpStatus.resolve(status.value());
        if (s == null) {
            s = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String code = switch (s.value()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 429 -> "over_request_rate_limit";
            default -> s.is5xxServerError() ? "unexpected_failure" : "validation_failed";
        };
        return new AuthError(s, code, Problems.defaultDetail(s));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ResponseEntity<Object> entity(HttpStatusCode status, HttpServletRequest request, HttpHeaders headers) {
        ResponseEntity<Map<String, Object>> e = AuthErrorResponder.entity(of(status), request);
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            h.putAll(headers);
        }
        h.putAll(e.getHeaders());
        return new ResponseEntity(e.getBody(), h, e.getStatusCode());
    }

    static void write(HttpStatusCode status, HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthErrorResponder.write(of(status), request, response);
    }
}
