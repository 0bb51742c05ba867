package com.leadignite.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** The database cannot be reached or has no free connection: 503 with {@code Retry-After}, never a 500. */
public class ServiceUnavailableException extends ApiException {

    static final URI TYPE = URI.create(ApiException.TYPE_BASE + "service-unavailable");
    public static final String DETAIL = "The service is temporarily unavailable. Try again shortly.";

    public ServiceUnavailableException(int retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, TYPE, DETAIL);
        withHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
}
