package com.leadignite.security;

import com.leadignite.security.authz.Authorization;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An org's {@code require_mfa} (API.md §2): every {@code /api/} call of its admins needs an {@code aal2}
 * token, otherwise 403 {@code mfa-required} (reported). {@code /auth/v1} stays open, so an admin without
 * a factor can still enroll one and verify it. Only a token that is {@code aal1} and names an admin is
 * looked at (roles change only with every session revoked, so the signed claim cannot hide an admin); the
 * database's answer decides: the statement that confirms the session ({@code auth.begin_session}) also
 * returns the org's {@code require_mfa}, so it costs no statement of its own. A write is confirmed before
 * its handler anyway ({@link SessionConfirmation}) and is refused here; a read is refused by the first
 * statement of its first transaction (or by whatever confirms it first: an authorization check before a
 * provider call, the body or error about to be written), before any of its work.
 */
@org.springframework.stereotype.Component
class OrgMfaEnforcement implements HandlerInterceptor, WebMvcConfigurer {

    private final MfaPolicy mfa;
    private final Authorization denials;

    OrgMfaEnforcement(MfaPolicy mfa, Authorization denials) {
        this.mfa = mfa;
        this.denials = denials;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod) || !request.getServletPath().startsWith("/api/")) {
            return true;
        }
        AuthenticatedUser user = CurrentUser.find().orElse(null);
        if (user == null || user.isAal2() || !user.adminClaim()) {
            return true;
        }
        if (!user.isConfirmed()) {
            // A read whose session its first transaction confirms: that statement decides, before any work.
            user.denyOnConfirmationIfOrgRequiresMfa(() -> denials.orgRequiresMfa(user, request));
            return true;
        }
        // Confirmed already (a write, before its handler; an external project's user, asked here).
        boolean required = user.orgRequiresMfa().orElseGet(() -> mfa.orgRequiresMfa(user));
        if (required && user.isAdmin()) {
            throw denials.orgRequiresMfa(user, request);
        }
        return true;
    }
}
