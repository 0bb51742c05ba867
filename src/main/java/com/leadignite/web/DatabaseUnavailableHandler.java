package com.leadignite.web;

import com.leadignite.db.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database that cannot be reached (or a pool with no free connection) is a {@code 503} with
 * {@code Retry-After} ({@link ServiceUnavailableException}), not a {@code 500}. MVC handlers get here
 * through the advice; the token check runs in a filter, so {@link Filter} catches the same failures there.
 * Nothing of the exception (SQL, host) reaches the client or the log line.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseUnavailableHandler {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

    private final DelegatingErrorRenderer errors;

    public DatabaseUnavailableHandler(DelegatingErrorRenderer errors) {
        this.errors = errors;
    }

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            org.springframework.transaction.TransactionSystemException.class, java.sql.SQLTransientConnectionException.class})
    ResponseEntity<Object> unavailable(Exception e, HttpServletRequest request) throws Exception {
        int retryAfter = DatabaseUnavailable.retryAfter(e);
        if (retryAfter < 0) {
            throw e; // not an availability failure: the generic handler answers it
        }
        logOnce(e, request);
        return errors.render(new ServiceUnavailableException(retryAfter), request);
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

        private final DelegatingErrorRenderer errors;

        public Filter(DelegatingErrorRenderer errors) {
            this.errors = errors;
        }

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
                errors.write(new ServiceUnavailableException(retryAfter), request, response);
            }
        }
    }
}
