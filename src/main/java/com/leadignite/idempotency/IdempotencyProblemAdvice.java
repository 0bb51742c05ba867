package com.leadignite.idempotency;

import com.leadignite.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The in-progress 409 is the usual problem plus {@code Retry-After}, which the generic handler does not set. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdempotencyProblemAdvice {

    @ExceptionHandler(IdempotencyInProgressException.class)
    ResponseEntity<Object> inProgress(IdempotencyInProgressException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(IdempotencyInProgressException.RETRY_AFTER_SECONDS));
        return Problems.entity(e.status(), e.type(), e.getMessage(), request, null, headers);
    }
}
