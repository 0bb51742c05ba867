package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Group;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;

/** The route groups of API.md §8, each with its default limits and the name of its per-key policy. */
public enum RouteGroup {
    SIGN_IN("sign_in", null, limits(10, Duration.ofMinutes(1), 0, null)),
    SIGN_UP("sign_up", null, limits(5, Duration.ofHours(1), 0, null)),
    REFRESH("refresh", "session", limits(60, Duration.ofMinutes(1), 30, Duration.ofMinutes(1))),
    LEAD_CAPTURE("lead_capture", "form_key", limits(20, Duration.ofMinutes(1), 1000, Duration.ofHours(1))),
    WEBHOOKS("webhooks", null, limits(600, Duration.ofMinutes(1), 0, null)),
    GENERAL("general", "user", limits(1200, Duration.ofMinutes(1), 600, Duration.ofMinutes(1)));

    private final String id;
    private final String keyPolicy;
    private final Group defaults;

    RouteGroup(String id, String keyPolicy, Group defaults) {
        this.id = id;
        this.keyPolicy = keyPolicy;
        this.defaults = defaults;
    }

    public String id() {
        return id;
    }

    /** Policy name of the per-key limit in the RateLimit fields ("user", "session", "form_key"). */
    public String keyPolicy() {
        return keyPolicy;
    }

    Group defaults() {
        return defaults;
    }

    private static Group limits(long ipQuota, Duration ipWindow, long keyQuota, Duration keyWindow) {
        return new Group(Limit.of(ipQuota, ipWindow), keyWindow == null ? null : Limit.of(keyQuota, keyWindow));
    }

    /**
     * The group of a request. {@code grant_type} is read from the query string only (where auth-js puts
     * it), so the body is never consumed here.
     */
    public static RouteGroup of(HttpServletRequest request) {
        // Decoded and normalized as Spring matches it, then lower-cased: a spelling that differs only in
        // case is given the stricter group even though it reaches no handler.
        String path = RequestPaths.of(request).toLowerCase(java.util.Locale.ROOT);
        if (path.equals("/auth/v1/token")) {
            return "refresh_token".equals(queryParam(request.getQueryString(), "grant_type")) ? REFRESH : SIGN_IN;
        }
        // Guessing mailed codes is guessing credentials.
        if (path.equals("/auth/v1/reauthenticate") || path.equals("/auth/v1/verify")) {
            return SIGN_IN;
        }
        // Each of these may send a mail: bounded like sign-up, so nobody turns the service into a mail cannon.
        if (path.equals("/auth/v1/signup") || path.equals("/auth/v1/recover") || path.equals("/auth/v1/resend")
                || (path.equals("/api/v1/invitations") && "POST".equalsIgnoreCase(request.getMethod()))) {
            return SIGN_UP;
        }
        if (path.equals("/api/v1/public/lead-capture")) {
            return LEAD_CAPTURE;
        }
        if (path.startsWith("/webhooks/")) {
            return WEBHOOKS;
        }
        return GENERAL;
    }

    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&", 32)) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                try {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
