package com.leadignite.security;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * A missing, malformed, forged, expired or revoked token: 401 with {@code WWW-Authenticate: Bearer}. The
 * detail is the same for every cause, so a caller learns nothing about which check failed; the cause is
 * kept for renderers that must tell them apart (GoTrue's {@code no_authorization}, {@code bad_jwt},
 * {@code session_not_found}).
 */
public class AuthenticationFailedException extends ApiException {

    private final transient AuthenticationException reason;

    public AuthenticationFailedException(AuthenticationException reason) {
        super(HttpStatus.UNAUTHORIZED, "unauthorized", null);
        this.reason = reason;
        withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    public AuthenticationException reason() {
        return reason;
    }
}
