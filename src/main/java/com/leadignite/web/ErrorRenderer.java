package com.leadignite.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.ErrorResponse;

/**
 * Turns a typed error into the answer the client gets. Two shapes exist: RFC 9457 problems
 * ({@link ProblemRenderer}, the default) and the GoTrue shape of {@code /auth/v1} (in {@code auth.api}).
 * {@link DelegatingErrorRenderer} picks one per request by {@link RequestMatcher}, as Spring Security's
 * {@code DelegatingAuthenticationEntryPoint} does; filters, entry points and exception handlers all go
 * through it, so no error body is built anywhere else.
 */
public interface ErrorRenderer {

    /** The answer to {@code error} for {@code request}: status, headers and body. */
    ResponseEntity<Object> render(ErrorResponse error, HttpServletRequest request);

    /** A renderer for the requests {@code matcher} selects; contributed as a bean by the package that owns them. */
    record Route(RequestMatcher matcher, ErrorRenderer renderer) {
    }
}
