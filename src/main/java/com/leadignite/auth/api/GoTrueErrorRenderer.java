package com.leadignite.auth.api;

import com.leadignite.security.AuthenticationFailedException;
import com.leadignite.security.ReauthenticationRequiredException;
import com.leadignite.security.SessionRevokedException;
import com.leadignite.security.MfaRequiredException;
import com.leadignite.security.ratelimit.RateLimitExceededException;
import com.leadignite.security.resources.CapacityExceededException;
import com.leadignite.web.ErrorRenderer;
import com.leadignite.web.Problems;
import com.leadignite.web.ServiceUnavailableException;
import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.ErrorResponse;

/**
 * Errors under {@code /auth/v1} the way {@code @supabase/auth-js} parses them: the legacy body
 * {@code {code:<status>, error_code, msg}} by default, or {@code {code:<error_code>, message}} with the
 * {@code X-Supabase-Api-Version} header echoed when the request asks for 2024-01-01. Both set
 * {@code x-sb-error-code}. An {@link AuthError} is shown as it is; any other error is translated here,
 * in one table, to the code and status GoTrue would answer.
 */
public class GoTrueErrorRenderer implements ErrorRenderer {

    public static final String API_VERSION_HEADER = "X-Supabase-Api-Version";
    public static final String API_VERSION_2024 = "2024-01-01";
    public static final String ERROR_CODE_HEADER = "x-sb-error-code";
    static final String PREFIX = "/auth/v1";

    /** Contributes this renderer for {@code /auth/v1} and everything under it (path as routed). */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ErrorRenderer.Route goTrueErrors() {
            return route();
        }
    }

    public static ErrorRenderer.Route route() {
        return new ErrorRenderer.Route(GoTrueErrorRenderer::isAuthPath, new GoTrueErrorRenderer());
    }

    public static boolean isAuthPath(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public ResponseEntity<Object> render(ErrorResponse error, HttpServletRequest request) {
        AuthError e = translate(error);
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(error.getHeaders());
        // GoTrue answers bearer failures without a challenge; auth-js reads the body.
        headers.remove(HttpHeaders.WWW_AUTHENTICATE);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(ERROR_CODE_HEADER, e.code());
        boolean newShape = newShape(request);
        if (newShape) {
            headers.set(API_VERSION_HEADER, API_VERSION_2024);
        }
        return new ResponseEntity<>(body(e, newShape), headers, e.status());
    }

    /** What GoTrue answers for each of our typed errors. */
    static AuthError translate(ErrorResponse error) {
        if (error instanceof AuthError a) {
            return a;
        }
        if (error instanceof AuthenticationFailedException f) {
            return classify(f);
        }
        if (error instanceof ReauthenticationRequiredException) {
            return AuthError.reauthenticationNeeded();
        }
        if (error instanceof MfaRequiredException) {
            return AuthError.insufficientAal();
        }
        // A full bulkhead and a rate limit are both "slow down" to auth-js.
        if (error instanceof CapacityExceededException || error instanceof RateLimitExceededException) {
            return AuthError.rateLimited();
        }
        if (error instanceof ServiceUnavailableException) {
            return new AuthError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNEXPECTED_FAILURE, ServiceUnavailableException.DETAIL);
        }
        return byStatus(error);
    }

    /**
     * No token → 401 {@code no_authorization}; a token that does not verify (signature, kid, issuer,
     * expiry...) → 403 {@code bad_jwt}; a genuine token whose session is over → 403
     * {@code session_not_found} (auth-js then drops its local session).
     */
    static AuthError classify(AuthenticationFailedException failure) {
        for (Throwable t = failure.reason(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SessionRevokedException) {
                return AuthError.sessionNotFound();
            }
        }
        if (failure.reason() instanceof InsufficientAuthenticationException) {
            return AuthError.noAuthorization();
        }
        return AuthError.badJwt();
    }

    /** Framework-level failures (no handler, wrong method, unreadable body...): a code per status, a fixed text. */
    private static AuthError byStatus(ErrorResponse error) {
        HttpStatus s = HttpStatus.resolve(error.getStatusCode().value());
        if (s == null) {
            s = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ErrorCode code = switch (s.value()) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 429 -> ErrorCode.OVER_REQUEST_RATE_LIMIT;
            default -> s.is5xxServerError() ? ErrorCode.UNEXPECTED_FAILURE : ErrorCode.VALIDATION_FAILED;
        };
        return new AuthError(s, code, Problems.defaultDetail(s));
    }

    static boolean newShape(HttpServletRequest request) {
        String v = request == null ? null : request.getHeader(API_VERSION_HEADER);
        return v != null && v.trim().compareTo(API_VERSION_2024) >= 0 && v.trim().matches("\\d{4}-\\d{2}-\\d{2}");
    }

    private static Map<String, Object> body(AuthError e, boolean newShape) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (newShape) {
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
}
