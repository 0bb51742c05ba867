package com.leadignite.auth.api;

import com.leadignite.security.SessionRevokedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Bearer failures under {@code /auth/v1} in GoTrue's shapes, as auth-js expects them: no token →
 * 401 {@code no_authorization}; a token that does not verify (signature, kid, issuer, expiry...) → 403
 * {@code bad_jwt}; a genuine token whose session is over → 403 {@code session_not_found} (auth-js then
 * drops its local session).
 */
@Component
public class AuthPathEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        AuthErrorResponder.write(classify(e), request, response);
    }

    static AuthError classify(AuthenticationException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SessionRevokedException) {
                return AuthError.sessionNotFound();
            }
        }
        if (e instanceof InsufficientAuthenticationException) {
            return AuthError.noAuthorization();
        }
        return AuthError.badJwt();
    }
}
