package com.leadignite.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The token is genuine but its session is over (signed out, revoked, expired) or its user is locked. */
public class SessionRevokedException extends OAuth2AuthenticationException {

    public SessionRevokedException() {
        super(new OAuth2Error("invalid_token", "session not found", null));
    }
}
