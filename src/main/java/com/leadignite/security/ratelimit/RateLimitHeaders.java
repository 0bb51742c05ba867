package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The IETF httpapi {@code RateLimit-Policy} / {@code RateLimit} fields (structured-field lists), e.g.
 * {@code RateLimit-Policy: "ip";q=1200;w=60, "user";q=600;w=60} and {@code RateLimit: "ip";r=1199;t=60}.
 * Each limiter appends its own item, so a request checked per IP and per user carries both.
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    public static void add(HttpServletResponse response, String policy, Limit limit, Probe probe) {
        append(response, POLICY, "\"" + policy + "\";q=" + limit.quota() + ";w=" + limit.windowSeconds());
        append(response, STATE, "\"" + policy + "\";r=" + probe.remaining() + ";t=" + probe.t());
    }

    private static void append(HttpServletResponse response, String name, String item) {
        String existing = response.getHeader(name);
        response.setHeader(name, existing == null || existing.isEmpty() ? item : existing + ", " + item);
    }
}
