package com.leadignite.security.authz;

import com.leadignite.web.ApiException;
import com.leadignite.web.DelegatingErrorRenderer;
import com.leadignite.web.FieldErrorException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one not-found rule of path ids (API.md §0): ids are bound as {@code UUID}, and a path id that is
 * not one names no record, so it answers exactly like an unknown id (404, the same problem) and is
 * reported like one ({@link Authorization#malformedId}). A query parameter of the wrong type is the
 * caller's mistake in a named field: 400.
 *
 * <p>The audit row's entity type is the singular of the collection the id follows
 * ({@code /api/v1/webhook-endpoints/{id}/events} → {@code webhook_endpoint}), as the services name them.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class PathIds {

    private final Authorization authorization;
    private final DelegatingErrorRenderer renderer;

    PathIds(Authorization authorization, DelegatingErrorRenderer renderer) {
        this.authorization = authorization;
        this.renderer = renderer;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        ApiException error = e.getParameter().hasParameterAnnotation(PathVariable.class)
                ? authorization.malformedId(entityType(request, e.getName()))
                : FieldErrorException.of(e.getName(), "invalid value");
        return renderer.render(error, request);
    }

    /** {@code lead} for {@code /api/v1/leads/{id}}: the collection segment right before the variable. */
    static String entityType(HttpServletRequest request, String variable) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String collection = "unknown";
        if (pattern instanceof String p) {
            String[] segments = p.split("/");
            for (int i = 1; i < segments.length; i++) {
                if (segments[i].equals("{" + variable + "}") && !segments[i - 1].startsWith("{")) {
                    collection = segments[i - 1];
                }
            }
        }
        String singular = collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
        return singular.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
