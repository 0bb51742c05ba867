package com.leadignite.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<AuthenticatedUser> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof UserAuthentication ua ? Optional.of(ua.user()) : Optional.empty();
    }

    /** The caller; only call behind an authenticated route. */
    public static AuthenticatedUser get() {
        return find().orElseThrow(() -> new IllegalStateException("no authenticated user on this request"));
    }
}
