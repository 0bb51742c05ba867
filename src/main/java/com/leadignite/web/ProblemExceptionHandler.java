package com.leadignite.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error raised inside Spring MVC becomes a typed error answered by the {@link ErrorRenderer} (an
 * RFC 9457 problem, {@code application/problem+json} whatever {@code Accept} says, or the GoTrue shape
 * under {@code /auth/v1}). Bodies carry only our fixed texts and JSON field names; exception messages stay
 * in the server log. Ordered last, so a feature's own advice wins for its controllers. Spring Security's
 * exceptions are left to its filter chain, which answers them as it does for the URL rules.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final DelegatingErrorRenderer renderer;

    public ProblemExceptionHandler(DelegatingErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
        return renderer.render(e, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        List<FieldErrorException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldErrorException.FieldError(lastNode(v.getPropertyPath()), v.getMessage()))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, validationType(), null, request, errors, null);
    }

    /**
     * A denial or missing authentication raised inside a handler (method security) goes back to the
     * security chain, whose entry point and access-denied handler answer and audit it like one from the
     * URL rules (an anonymous caller is asked to authenticate, not told "forbidden").
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(Exception e) throws Exception {
        throw e;
    }

    /** Tomcat refuses a query string that is not valid UTF-8 (say, an encoded lone surrogate): the client's error. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(Exception e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, null, "The query string is not valid UTF-8.", request, null, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        HttpStatus bodyFailure = BodyReadTimeoutException.statusOf(e);
        if (bodyFailure != null) {
            return problem(bodyFailure, null, null, request, null, null);
        }
        if (refusedByDatabasePolicy(e)) {
            // The service's own checks should have refused this first: a last resort, not a 500, and
            // logged without the database's message (it quotes the row).
            log.warn("Database policy refused a change on {} {} (SQLSTATE 42501)", request.getMethod(), request.getRequestURI());
            return renderer.render(ApiException.conflict("The record's current state does not allow this change."), request);
        }
        log.error("Unhandled {} on {} {}", e.getClass().getSimpleName(), request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, null, null, request, null, null);
    }

    /** SQLSTATE 42501: a row-level security WITH CHECK, or a guard trigger, refused the statement. */
    static boolean refusedByDatabasePolicy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "42501".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, validationType(), null, servlet(request), fieldErrors(ex.getBindingResult()), null);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldErrorException.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> {
            if (r instanceof org.springframework.validation.method.ParameterErrors pe) {
                errors.addAll(fieldErrors(pe));
                return;
            }
            String name = parameterName(r.getMethodParameter());
            r.getResolvableErrors().forEach(err -> errors.add(new FieldErrorException.FieldError(name, err.getDefaultMessage())));
        });
        return problem(HttpStatus.BAD_REQUEST, validationType(), null, servlet(request), errors, null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpStatus bodyFailure = BodyReadTimeoutException.statusOf(ex);
        if (bodyFailure != null) {
            return problem(bodyFailure, null, null, servlet(request), null, null);
        }
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return problem(HttpStatus.BAD_REQUEST, validationType(), null, servlet(request),
                    List.of(new FieldErrorException.FieldError(jsonPath(u), "unknown field")), null);
        }
        if (cause instanceof DatabindException d && !d.getPath().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, validationType(), null, servlet(request),
                    List.of(new FieldErrorException.FieldError(jsonPath(d), "invalid value")), null);
        }
        return problem(HttpStatus.BAD_REQUEST, null, "The request body is not valid JSON.", servlet(request), null, null);
    }

    /** Arguments of a handler method are answered by {@code security.authz.PathIds} (path ids: 404 like an unknown id). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, null, null, servlet(request), null, null);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, validationType(), null, servlet(request),
                List.of(new FieldErrorException.FieldError(ex.getParameterName(), "is required")), null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(status, null, null, servlet(request), null, headers);
    }

    /** Everything else Spring MVC raises (405 with Allow, 415 with Accept, 404, 413, 503...) lands here. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("Request failed with {} on {}", statusCode.value(), request.getDescription(false), ex);
        }
        return problem(statusCode, null, null, servlet(request), null, headers);
    }

    private ResponseEntity<Object> problem(HttpStatusCode status, java.net.URI type, String detail, HttpServletRequest request,
                                           List<FieldErrorException.FieldError> errors, HttpHeaders headers) {
        ApiException error = errors != null ? new FieldErrorException(errors) : new ApiException(status, type, detail);
        if (headers != null) {
            headers.forEach((name, values) -> error.getHeaders().put(name, values));
        }
        return renderer.render(error, request);
    }

    private static java.net.URI validationType() {
        return java.net.URI.create(ApiException.TYPE_BASE + "validation");
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return request instanceof ServletWebRequest s ? s.getRequest() : null;
    }

    private static List<FieldErrorException.FieldError> fieldErrors(org.springframework.validation.Errors result) {
        List<FieldErrorException.FieldError> out = new ArrayList<>();
        result.getFieldErrors().forEach(f -> out.add(new FieldErrorException.FieldError(JsonNames.ofPath(f.getField()), f.getDefaultMessage())));
        result.getGlobalErrors().forEach(g -> out.add(new FieldErrorException.FieldError(null, g.getDefaultMessage())));
        return out;
    }

    private static String parameterName(org.springframework.core.MethodParameter p) {
        var rp = p.getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
        if (rp != null && !rp.name().isEmpty()) {
            return rp.name();
        }
        var pv = p.getParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
        if (pv != null && !pv.name().isEmpty()) {
            return pv.name();
        }
        var rh = p.getParameterAnnotation(org.springframework.web.bind.annotation.RequestHeader.class);
        if (rh != null && !rh.name().isEmpty()) {
            return rh.name();
        }
        return p.getParameterName();
    }

    private static String lastNode(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return JsonNames.ofPath(name);
    }

    /** The JSON path as received (Jackson reports JSON names, not Java names). */
    private static String jsonPath(DatabindException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
