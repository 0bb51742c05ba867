package com.leadignite.security.resources;

import com.leadignite.web.ApiException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A bounded resource is fully in use; the request is refused at once rather than queued: 503
 * {@code temporary-reduced-capacity} with {@code Retry-After: 1} (a 429 in the GoTrue shape).
 */
public class CapacityExceededException extends ApiException {

    public static final URI PROBLEM_TYPE = URI.create("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity");
    public static final String DETAIL = "The service is busy. Try again shortly.";

    public CapacityExceededException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, PROBLEM_TYPE, DETAIL);
        retryAfter(1);
        withProperty("violated-policies", List.of("password_hashing"));
    }
}
