package com.leadignite.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.SessionRevokedException;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class AuthPathEntryPointTest {

    @Test
    void classifiesBearerFailuresAsGoTrueDoes() {
        assertThat(AuthPathEntryPoint.classify(new InsufficientAuthenticationException("none")).code()).isEqualTo("no_authorization");
        assertThat(AuthPathEntryPoint.classify(new InvalidBearerTokenException("bad")).code()).isEqualTo("bad_jwt");
        assertThat(AuthPathEntryPoint.classify(new SessionRevokedException()).code()).isEqualTo("session_not_found");
        assertThat(AuthPathEntryPoint.classify(new AuthenticationServiceException("wrapped", new SessionRevokedException())).code())
                .isEqualTo("session_not_found");
    }
}
