package com.leadignite.web;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.AuthErrorResponder;
import com.leadignite.db.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database that cannot be reached (or a pool with no free connection) is a {@code 503} with
 * {@code Retry-After}, not a {@code 500}: a problem outside {@code /auth/v1}, the GoTrue shape inside it.
 * MVC handlers get here through the advice; the token check runs in a filter, so {@link Filter} catches
 * the same failures there. Nothing of the exception (SQL, host) reaches the client or the log line.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseUnavailableHandler {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);
    static final URI TYPE = URI.create(ApiException.TYPE_BASE + "service-unavailable");
    static final String DETAIL = "The service is temporarily unavailable. Try again shortly.";

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            org.springframework.transaction.TransactionSystemException.class, java.sql.SQLTransientConnectionException.class})
    ResponseEntity<?> unavailable(Exception e, HttpServletRequest request) throws Exception {
        int retryAfter = DatabaseUnavailable.retryAfter(e);
        if (retryAfter < 0) {
            throw e; // not an availability failure: the generic handler answers it
        }
        logOnce(e, request);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
        if (AuthErrorResponder.isAuthPath(request)) {
            ResponseEntity<Map<String, Object>> r = AuthErrorResponder.entity(authError(), request);
            headers.addAll(r.getHeaders());
            return new ResponseEntity<>(r.getBody(), headers, r.getStatusCode());
        }
        return Problems.entity(HttpStatus.SERVICE_UNAVAILABLE, TYPE, DETAIL, request, null, headers);
    }

    static AuthError authError() {
        return new AuthError(HttpStatus.SERVICE_UNAVAILABLE, "unexpected_failure", DETAIL);
    }

    private static void logOnce(Throwable e, HttpServletRequest request) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof java.sql.SQLException s ? s.getSQLState() : null;
        log.warn("Database unavailable on {} {}: {} (SQL state {})", request.getMethod(), request.getRequestURI(),
                root.getClass().getSimpleName(), state);
    }

    /** The same answer for failures in servlet filters (the per-request session check), registered ahead of security. */
    public static class Filter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | ServletException e) {
                int retryAfter = DatabaseUnavailable.retryAfter(e);
                if (retryAfter < 0 || response.isCommitted()) {
                    throw e;
                }
                logOnce(e, request);
                response.resetBuffer();
                response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
                if (AuthErrorResponder.isAuthPath(request)) {
                    AuthErrorResponder.write(authError(), request, response);
                } else {
                    Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, TYPE, DETAIL, request);
                }
            }
        }
    }
}
