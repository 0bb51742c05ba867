package com.leadignite.auth.api;

import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.session.SessionResponse;
import com.leadignite.config.AuthProperties;
import com.leadignite.security.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * How a grant hands its session to the client, in one place for every grant (password, refresh, PKCE,
 * reauthentication): GoTrue's session object with the tokens in the body, or, for a browser that asked
 * with {@code ?session=cookie}, the tokens in {@code HttpOnly} cookies and a body without them (API.md §7).
 * The cookie checks run before the grant, so a refused request never starts or rotates a session.
 */
@Component
public class SessionDelivery {

    /** Where the tokens go. */
    public enum Mode {
        BODY, COOKIE
    }

    /** Refresh failures after which the browser's cookies are worthless: they are cleared with the error. */
    private static final Set<ErrorCode> DEAD_SESSION = EnumSet.of(ErrorCode.REFRESH_TOKEN_NOT_FOUND,
            ErrorCode.REFRESH_TOKEN_ALREADY_USED, ErrorCode.SESSION_NOT_FOUND, ErrorCode.SESSION_EXPIRED);

    private final SessionCookies cookies;
    private final Duration refreshCookieTtl;

    public SessionDelivery(SessionCookies cookies, AuthProperties auth) {
        this.cookies = cookies;
        this.refreshCookieTtl = auth.sessionLifetime();
    }

    /**
     * The mode a grant request asked for with {@code session} ({@code cookie}, or absent for tokens in the
     * body). A cookie session is refused over plain http (outside loopback development) and from a foreign
     * {@code Origin} (login CSRF).
     */
    public Mode requested(String session, HttpServletRequest request) {
        if (session == null) {
            return Mode.BODY;
        }
        if (!SessionCookies.SESSION_COOKIE.equals(session)) {
            throw AuthError.validation("Unsupported session mode, use session=cookie or leave it out");
        }
        return checked(request);
    }

    /** A grant for a caller already authenticated by the access cookie stays a cookie session. */
    public Mode sameAsCaller(HttpServletRequest request) {
        return SessionCookies.authenticatedByCookie(request) ? checked(request) : Mode.BODY;
    }

    private Mode checked(HttpServletRequest request) {
        if (!cookies.transportAllowed(request)) {
            throw AuthError.validation("Cookie sessions need https");
        }
        if (!cookies.originAllowed(request)) {
            throw new AuthError(HttpStatus.FORBIDDEN, ErrorCode.VALIDATION_FAILED, "Origin not allowed");
        }
        return Mode.COOKIE;
    }

    /** The refresh token of a refresh grant: the body's, or in cookie mode the refresh cookie's (never both). */
    public String refreshToken(Mode mode, String fromBody, HttpServletRequest request) {
        if (mode == Mode.BODY) {
            return fromBody;
        }
        if (fromBody != null) {
            throw AuthError.validation("A cookie session refreshes with its refresh cookie, not a refresh_token field");
        }
        return SessionCookies.value(request, SessionCookies.REFRESH).orElse(null);
    }

    /** Runs the grant and answers with its session in the chosen place. */
    public ResponseEntity<SessionResponse> deliver(Mode mode, Supplier<IssuedSession> grant, HttpServletRequest request,
                                                   HttpServletResponse response) {
        IssuedSession session;
        try {
            session = grant.get();
        } catch (AuthError e) {
            if (mode == Mode.COOKIE && DEAD_SESSION.contains(e.errorCode())) {
                cookies.clear(response);
            }
            throw e;
        }
        SessionResponse body = session.toResponse();
        if (mode == Mode.COOKIE) {
            cookies.write(request, response, session.accessToken(), Duration.ofSeconds(session.expiresIn()),
                    session.refreshToken(), refreshCookieTtl);
            body = body.withoutTokens();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /** Sign-out of a cookie session also drops its cookies. */
    public void signedOut(HttpServletRequest request, HttpServletResponse response) {
        if (SessionCookies.authenticatedByCookie(request)) {
            cookies.clear(response);
        }
    }
}
