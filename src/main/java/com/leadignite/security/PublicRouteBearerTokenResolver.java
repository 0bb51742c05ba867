package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Reads {@code Authorization: Bearer} everywhere except on the public routes that authenticate by
 * other means (password, refresh token, webhook signature, form key). There the header is ignored:
 * supabase-js sends its publishable key as a bearer on sign-up and sign-in, and a provider may send a
 * header of its own on webhooks; neither may turn a public call into a 401, and neither grants anything.
 */
final class PublicRouteBearerTokenResolver implements BearerTokenResolver {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    static final RequestMatcher IGNORED = new OrRequestMatcher(List.of(
            PATHS.matcher(HttpMethod.POST, "/auth/v1/signup"),
            PATHS.matcher(HttpMethod.POST, "/auth/v1/token"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/authorize"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/callback"),
            PATHS.matcher(HttpMethod.POST, "/webhooks/*/*"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/public/lead-capture"),
            PATHS.matcher(HttpMethod.OPTIONS, "/api/v1/public/lead-capture"),
            PATHS.matcher(HttpMethod.GET, "/.well-known/jwks.json"),
            PATHS.matcher(HttpMethod.GET, "/auth/v1/.well-known/jwks.json"),
            PATHS.matcher(HttpMethod.GET, "/actuator/health")));

    private final DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();
    private final RequestMatcher unknownAuthRoutes;

    /** {@code unknownAuthRoutes}: {@code /auth/v1} requests no handler serves (404/405), ignored as well. */
    PublicRouteBearerTokenResolver(RequestMatcher unknownAuthRoutes) {
        this.unknownAuthRoutes = unknownAuthRoutes;
    }

    @Override
    public String resolve(HttpServletRequest request) {
        return IGNORED.matches(request) || unknownAuthRoutes.matches(request) ? null : delegate.resolve(request);
    }
}
