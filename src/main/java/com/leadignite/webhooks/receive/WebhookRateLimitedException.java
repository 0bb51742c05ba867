package com.leadignite.webhooks.receive;

import com.leadignite.security.ratelimit.Probe;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;

/**
 * A signed delivery over its endpoint's or its org's delivery limit ({@code policy} {@code endpoint} or
 * {@code org}); answered like every other rate limit (429, Retry-After, RateLimit fields).
 */
public class WebhookRateLimitedException extends RuntimeException {

    private final String policy;
    private final String bucketKey;
    private final Limit limit;
    private final Probe probe;

    public WebhookRateLimitedException(String policy, String bucketKey, Limit limit, Probe probe) {
        super(policy, null, false, false);
        this.policy = policy;
        this.bucketKey = bucketKey;
        this.limit = limit;
        this.probe = probe;
    }

    public String policy() {
        return policy;
    }

    public String bucketKey() {
        return bucketKey;
    }

    public Limit limit() {
        return limit;
    }

    public Probe probe() {
        return probe;
    }
}
