package com.leadignite.security.ratelimit;

import com.leadignite.web.ApiException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A rate limit was hit: 429 {@code quota-exceeded} naming the policy, with {@code Retry-After}. */
public class RateLimitExceededException extends ApiException {

    public static final URI PROBLEM_TYPE = URI.create("https://iana.org/assignments/http-problem-types#quota-exceeded");

    private final String policy;

    public RateLimitExceededException(String policy, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, PROBLEM_TYPE, "Too many requests. Try again later.");
        this.policy = policy;
        retryAfter(retryAfterSeconds);
        withProperty("violated-policies", List.of(policy));
    }

    public String policy() {
        return policy;
    }
}
