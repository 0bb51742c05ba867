package com.leadignite.security;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpStatus;

/** 403 with problem type {@code .../reauthentication-required}: the caller must sign in again first. */
public class ReauthenticationRequiredException extends ApiException {

    public ReauthenticationRequiredException() {
        super(HttpStatus.FORBIDDEN, "reauthentication-required",
                "This action needs a recent sign-in. Reauthenticate and try again.");
    }
}
