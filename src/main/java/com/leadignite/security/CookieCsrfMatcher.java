package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests must echo the {@code XSRF-TOKEN} cookie in {@code X-XSRF-TOKEN} (API.md §7): the unsafe
 * ones a browser's cookie authenticates. That is a request with the access cookie and no
 * {@code Authorization} header on a route where the cookie is read, and the refresh grant of a cookie
 * session (its refresh cookie is its credential). Bearer requests never need the token: a cross-site
 * page cannot add an {@code Authorization} header without a CORS preflight, which only allow-listed
 * origins pass. Sign-in itself has no session to ride on; its login-CSRF guard is the {@code Origin} check.
 */
final class CookieCsrfMatcher implements RequestMatcher {

    private final PublicRouteBearerTokenResolver tokens;

    CookieCsrfMatcher(PublicRouteBearerTokenResolver tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        if (!SessionCookies.unsafeMethod(request)) {
            return false;
        }
        return SessionCookies.isCookieRefresh(request)
                || (SessionCookies.authenticatedByCookie(request) && !tokens.ignores(request));
    }
}
