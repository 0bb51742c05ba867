package com.leadignite.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.AuthenticationFailedException;
import com.leadignite.security.SessionRevokedException;
import com.leadignite.web.ApiException;
import com.leadignite.web.ServiceUnavailableException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

@SuppressWarnings("unchecked")
class GoTrueErrorRendererTest {

    private static String code(AuthenticationException e) {
        return GoTrueErrorRenderer.translate(new AuthenticationFailedException(e)).code();
    }

    @Test
    void classifiesBearerFailuresAsGoTrueDoes() {
        assertThat(code(new InsufficientAuthenticationException("none"))).isEqualTo("no_authorization");
        assertThat(code(new InvalidBearerTokenException("bad"))).isEqualTo("bad_jwt");
        assertThat(code(new SessionRevokedException())).isEqualTo("session_not_found");
        assertThat(code(new AuthenticationServiceException("wrapped", new SessionRevokedException()))).isEqualTo("session_not_found");
    }

    @Test
    void bearerFailuresCarryNoChallengeInTheGoTrueShape() {
        ResponseEntity<Object> r = new GoTrueErrorRenderer().render(
                new AuthenticationFailedException(new InsufficientAuthenticationException("none")),
                new MockHttpServletRequest("GET", "/auth/v1/user"));
        assertThat(r.getStatusCode().value()).isEqualTo(401);
        assertThat(r.getHeaders().containsHeader("WWW-Authenticate")).isFalse();
        assertThat(r.getHeaders().getFirst("x-sb-error-code")).isEqualTo("no_authorization");
        assertThat((Map<String, Object>) r.getBody()).containsEntry("error_code", "no_authorization").containsEntry("code", 401);
    }

    @Test
    void frameworkFailuresGetACodePerStatusAndKeepTheirHeaders() {
        ApiException notAllowed = ApiException.of(HttpStatus.METHOD_NOT_ALLOWED).withHeader("Allow", "POST");
        ResponseEntity<Object> r = new GoTrueErrorRenderer().render(notAllowed, new MockHttpServletRequest("GET", "/auth/v1/token"));
        assertThat(r.getHeaders().getFirst("Allow")).isEqualTo("POST");
        assertThat(r.getHeaders().getFirst("x-sb-error-code")).isEqualTo("method_not_allowed");
        ResponseEntity<Object> db = new GoTrueErrorRenderer().render(new ServiceUnavailableException(5),
                new MockHttpServletRequest("GET", "/auth/v1/user"));
        assertThat(db.getStatusCode().value()).isEqualTo(503);
        assertThat(db.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat((Map<String, Object>) db.getBody()).containsEntry("error_code", "unexpected_failure");
    }

    @Test
    void newShapeOnlyForTheDatedApiVersion() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/v1/token");
        request.addHeader(GoTrueErrorRenderer.API_VERSION_HEADER, GoTrueErrorRenderer.API_VERSION_2024);
        ResponseEntity<Object> r = new GoTrueErrorRenderer().render(AuthError.invalidCredentials(), request);
        assertThat((Map<String, Object>) r.getBody()).containsEntry("code", "invalid_credentials").containsKey("message");
        assertThat(r.getHeaders().getFirst(GoTrueErrorRenderer.API_VERSION_HEADER)).isEqualTo("2024-01-01");
    }

    /** auth-js branches on these spellings; each must be unique and snake_case. */
    @Test
    void errorCodesAreTheWireSpellings() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z]+(_[a-z]+)*"));
        assertThat(ErrorCode.OVER_REQUEST_RATE_LIMIT.code()).isEqualTo("over_request_rate_limit");
    }
}
