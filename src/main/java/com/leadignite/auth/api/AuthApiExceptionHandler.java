package com.leadignite.auth.api;

import com.leadignite.web.ApiException;
import com.leadignite.web.DelegatingErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of {@link AuthController} in the GoTrue shape (never a problem document, never a 500 for
 * bad input). Ordered first so it wins over the application-wide problem-details handler for these
 * controllers only; the answers go through the one {@link DelegatingErrorRenderer}.
 */
@RestControllerAdvice(assignableTypes = AuthController.class)
// Right after CapacityExceededHandler (a full hashing bulkhead answers 429 on every path), before the rest.
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AuthApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AuthApiExceptionHandler.class);

    private final DelegatingErrorRenderer errors;

    public AuthApiExceptionHandler(DelegatingErrorRenderer errors) {
        this.errors = errors;
    }

    /** {@link AuthError}s and every other typed error (step-up, a full hashing bulkhead, a rate limit). */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> typed(ApiException e, HttpServletRequest request) {
        return errors.render(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return errors.render(fromBody(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpServletRequest request) {
        return errors.render(new AuthError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.VALIDATION_FAILED,
                "Content-Type must be application/json"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(HttpServletRequest request) {
        return errors.render(new AuthError(HttpStatus.NOT_ACCEPTABLE, ErrorCode.VALIDATION_FAILED,
                "Responses are application/json"), request);
    }

    // InvalidParameterException: the container could not decode the query (invalid UTF-8 in a %-escape).
    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            InvalidParameterException.class})
    ResponseEntity<Object> badParameter(HttpServletRequest request) {
        return errors.render(AuthError.validation("Invalid or missing query parameter"), request);
    }

    /**
     * A session found over during the request (its check runs with the request's work, see
     * security.AuthenticatedUser): on to the security chain's entry point, as for a token refused up front.
     */
    @ExceptionHandler(AuthenticationException.class)
    void authentication(AuthenticationException e) throws AuthenticationException {
        throw e;
    }

    /** Anything unforeseen: a generic 500, logged without details that could carry input or internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(HttpServletRequest request) {
        log.error("auth request failed unexpectedly");
        return errors.render(new AuthError(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.UNEXPECTED_FAILURE,
                "Unexpected failure, please try again"), request);
    }

    static AuthError fromBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return AuthError.validation("Unknown field: " + shown(u.getPropertyName()));
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String path = m.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? shown(r.getPropertyName()) : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return AuthError.validation("Invalid value for field: " + path);
        }
        if (cause instanceof JacksonException || cause == null) {
            return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_JSON, "Could not parse request body as JSON");
        }
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_JSON, "Could not parse request body as JSON");
    }

    private static String shown(String name) {
        if (name == null) {
            return "?";
        }
        String n = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return n.length() > 64 ? n.substring(0, 64) + "..." : n;
    }
}
