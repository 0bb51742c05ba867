package com.leadignite.security.resources;

import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.AuthErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers {@link CapacityExceededException} fast, with {@code Retry-After}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CapacityExceededHandler {

    public static final String PROBLEM_TYPE = "https://iana.org/assignments/http-problem-types#temporary-reduced-capacity";

    @ExceptionHandler(CapacityExceededException.class)
    public ResponseEntity<?> handle(CapacityExceededException e, HttpServletRequest request) {
        if (AuthErrorResponder.isAuthPath(request)) {
            ResponseEntity<Map<String, Object>> r = AuthErrorResponder.entity(AuthError.rateLimited(), request);
            return ResponseEntity.status(r.getStatusCode()).headers(h -> {
                h.addAll(r.getHeaders());
                h.set("Retry-After", "1");
            }).body(r.getBody());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service is busy. Try again shortly.");
        problem.setType(URI.create(PROBLEM_TYPE));
        problem.setTitle("Service Unavailable");
        problem.setInstance(URI.create(request.getRequestURI()));
        String requestId = MDC.get(AuditWriter.MDC_REQUEST_ID);
        if (requestId != null) {
            problem.setProperty("request_id", requestId);
        }
        problem.setProperty("violated-policies", List.of("password_hashing"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", "1")
                .body(problem);
    }
}
