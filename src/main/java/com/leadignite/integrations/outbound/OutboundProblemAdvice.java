package com.leadignite.integrations.outbound;

import com.leadignite.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A provider that is down answers 503 with {@code Retry-After}, which the generic handler does not set. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OutboundProblemAdvice {

    @ExceptionHandler(ProviderFailure.Unavailable.class)
    ResponseEntity<Object> unavailable(ProviderFailure.Unavailable e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        return Problems.entity(e.status(), e.type(), e.getMessage(), request, null, headers);
    }
}
