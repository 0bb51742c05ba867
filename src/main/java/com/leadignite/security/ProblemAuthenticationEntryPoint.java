package com.leadignite.security;

import com.leadignite.web.DelegatingErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** Every bearer failure becomes an {@link AuthenticationFailedException} for the one error renderer. */
@Component
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final DelegatingErrorRenderer errors;

    public ProblemAuthenticationEntryPoint(DelegatingErrorRenderer errors) {
        this.errors = errors;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        errors.write(new AuthenticationFailedException(e), request, response);
    }
}
