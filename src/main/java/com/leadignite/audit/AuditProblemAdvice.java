package com.leadignite.audit;

import com.leadignite.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused verification is the usual 429 problem plus {@code Retry-After}, which the generic handler does not set. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblemAdvice {

    @ExceptionHandler(AuditVerifyBusyException.class)
    ResponseEntity<Object> busy(AuditVerifyBusyException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(AuditVerifyBusyException.RETRY_AFTER_SECONDS));
        return Problems.entity(e.status(), e.type(), e.getMessage(), request, null, headers);
    }
}
