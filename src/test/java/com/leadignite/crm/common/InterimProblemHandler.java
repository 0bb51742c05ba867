package com.leadignite.crm.common;

import com.leadignite.web.ApiException;
import com.leadignite.web.FieldErrorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Test-only stand-in for the service's problem-details handler of {@link ApiException} until that
 * handler is on this branch: it answers with the exception's status as {@code application/problem+json}
 * (plus {@code errors} for field errors) so the CRM tests can assert the API.md contract.
 * Delete this class once the real handler is merged.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class InterimProblemHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> handle(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type().toString());
        body.put("status", e.status().value());
        body.put("detail", e.getMessage());
        if (e instanceof FieldErrorException f) {
            body.put("errors", f.errors());
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
