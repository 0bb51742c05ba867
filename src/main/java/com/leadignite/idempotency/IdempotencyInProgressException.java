package com.leadignite.idempotency;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpStatus;

/** 409: a request with the same key and body is still being processed; answered with {@code Retry-After}. */
public class IdempotencyInProgressException extends ApiException {

    /** Seconds a client should wait before retrying; the first request usually finishes well within it. */
    static final int RETRY_AFTER_SECONDS = 1;

    public IdempotencyInProgressException() {
        super(HttpStatus.CONFLICT, "idempotency-request-in-progress",
                "A request with this Idempotency-Key is still being processed. Retry shortly.");
        retryAfter(RETRY_AFTER_SECONDS);
    }
}
