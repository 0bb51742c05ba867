package com.leadignite.security;

import com.leadignite.web.ApiException;
import com.leadignite.security.authz.Authorization;
import com.leadignite.web.DelegatingErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * An authenticated caller refused by an authorization rule (URL rules, method security, CSRF): 403
 * through the one error renderer, reported by {@link Authorization} (audited in its own transaction,
 * since the request's work will not commit).
 */
@Component
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    /** A cookie-authenticated change without the echoed token: say which header is missing, nothing more. */
    static ApiException csrf() {
        return new ApiException(HttpStatus.FORBIDDEN, "csrf-token-invalid",
                "Requests authenticated by the session cookie must echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header");
    }

    private final Authorization denials;
    private final DelegatingErrorRenderer errors;

    public ProblemAccessDeniedHandler(Authorization denials, DelegatingErrorRenderer errors) {
        this.denials = denials;
        this.errors = errors;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        denials.deniedBySecurityRules(request);
        errors.write(denied instanceof CsrfException ? csrf() : ApiException.of(HttpStatus.FORBIDDEN), request, response);
    }
}
