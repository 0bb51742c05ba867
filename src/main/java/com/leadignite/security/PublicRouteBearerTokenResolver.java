package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
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
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            return bearer(header);
        }
        return SessionCookies.value(request, SessionCookies.ACCESS).orElse(null);
    }

    /**
     * The token of an {@code Authorization} header, by the rule of Spring's {@code DefaultBearerTokenResolver}
     * (RFC 6750 {@code b64token}: {@code ^Bearer [a-zA-Z0-9-._~+/]+=*$}, the scheme in any case; another
     * scheme is no bearer token; a malformed one is refused), checked in one pass: its regular expression
     * was a tenth of the CPU of an authenticated request, on a token of about a thousand characters.
     */
    static String bearer(String header) {
        if (!header.regionMatches(true, 0, "bearer", 0, 6)) {
            return null;
        }
        int start = 7;
        int end = header.length();
        boolean wellFormed = end > start && header.charAt(6) == ' ';
        int i = start;
        while (wellFormed && i < end && isTokenChar(header.charAt(i))) {
            i++;
        }
        wellFormed &= i > start;
        while (wellFormed && i < end && header.charAt(i) == '=') {
            i++;
        }
        if (!wellFormed || i != end) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(start);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
