package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Reads {@code Authorization: Bearer}, or, when a request has no {@code Authorization} header at all, the
 * access cookie of a browser session ({@link SessionCookies#ACCESS}), everywhere except on the public
 * routes that authenticate by other means (password, refresh token, webhook signature, form key) and the
 * static sign-in page. There both are ignored: supabase-js sends its publishable key as a bearer on
 * sign-up and sign-in, a provider may send a header of its own on webhooks, and a browser sends its
 * (perhaps stale) cookie everywhere; none may turn a public call into a 401, and none grants anything.
 * A request that carries a header is judged by the header alone, even a malformed one.
 */
final class PublicRouteBearerTokenResolver implements BearerTokenResolver {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    static final RequestMatcher IGNORED = new OrRequestMatcher(List.of(
            PATHS.matcher(HttpMethod.POST, "/auth/v1/signup"),
            PATHS.matcher(HttpMethod.POST, "/auth/v1/token"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/providers"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/authorize"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/callback"),
            PATHS.matcher(HttpMethod.POST, "/auth/v1/recover"),
            PATHS.matcher(HttpMethod.POST, "/auth/v1/verify"),
            PATHS.matcher(HttpMethod.POST, "/auth/v1/resend"),
            PATHS.matcher(HttpMethod.POST, "/webhooks/*/*"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/public/lead-capture"),
            PATHS.matcher(HttpMethod.OPTIONS, "/api/v1/public/lead-capture"),
            PATHS.matcher(HttpMethod.GET, "/.well-known/jwks.json"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/.well-known/jwks.json"),
            PATHS.matcher(HttpMethod.GET, "/actuator/health"),
            PATHS.matcher(HttpMethod.GET, "/app"),
            PATHS.matcher(HttpMethod.GET, "/app/**")));

    private final DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();
    private final RequestMatcher unknownAuthRoutes;

    /** {@code unknownAuthRoutes}: {@code /auth/v1} requests no handler serves (404/405), ignored as well. */
    PublicRouteBearerTokenResolver(RequestMatcher unknownAuthRoutes) {
        this.unknownAuthRoutes = unknownAuthRoutes;
    }

    /** Routes where neither the header nor the cookie is read. */
    boolean ignores(HttpServletRequest request) {
        return IGNORED.matches(request) || unknownAuthRoutes.matches(request);
    }

    @Override
    public String resolve(HttpServletRequest request) {
        if (ignores(request)) {
            return null;
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return delegate.resolve(request);
        }
        return SessionCookies.value(request, SessionCookies.ACCESS).orElse(null);
    }
}
