package com.leadignite.security.ratelimit;

import java.util.UUID;

/**
 * Published (a Spring application event) for every request a rate limit refuses, on the refusing thread:
 * the route group, the policy ({@code ip}, {@code user}, ...), the user and org behind the bucket when
 * known, and the client address. Listeners must not block.
 */
public record RateLimitRejected(RouteGroup group, String policy, UUID orgId, UUID userId, String clientIp) {
}
