package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The one-pass reading of {@code Authorization: Bearer} ({@link PublicRouteBearerTokenResolver#bearer})
 * answers every header exactly as Spring's {@code DefaultBearerTokenResolver} (a regular expression) does:
 * the same token, no token, or the same "malformed" refusal. Headers are assembled from scheme spellings,
 * token characters, padding and what must be refused (spaces, commas, NUL, non-ASCII, line breaks).
 */
class BearerHeaderProperties {

    private static final DefaultBearerTokenResolver SPRING = new DefaultBearerTokenResolver();

    @Provide
    Arbitrary<String> header() {
        Arbitrary<String> scheme = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer", "Bearer  ",
                "Bearer\t", "Bearerx ", "Basic ", "Bear ", "", " Bearer ", "Be", "B\u0131arer ", "Bearer\u00a0");
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("aZ09-._~+/=")
                .withChars(" ,;\"\u0000\n\r\u00e9\u212a\ud800%")
                .ofMaxLength(40);
        Arbitrary<String> padding = Arbitraries.of("", "=", "==", "===", "=a", " ", "\n");
        return net.jqwik.api.Combinators.combine(scheme, body, padding).as((s, b, p) -> s + b + p);
    }

    @Property(tries = 5000)
    void answersAsSpringsResolverDoes(@ForAll("header") String header) {
        assertThat(outcome(() -> PublicRouteBearerTokenResolver.bearer(header)))
                .isEqualTo(outcome(() -> spring(header)));
    }

    @Example
    void aWellFormedTokenIsReturnedAndAMalformedOneRefused() {
        assertThat(PublicRouteBearerTokenResolver.bearer("Bearer eyJ.abc-_~+/x==")).isEqualTo("eyJ.abc-_~+/x==");
        assertThat(PublicRouteBearerTokenResolver.bearer("Basic dXNlcg==")).isNull();
        for (String bad : new String[] {"Bearer", "Bearer ", "Bearer a b", "Bearer ==", "Bearer a=b", "Bearer a\u0000"}) {
            assertThatThrownBy(() -> PublicRouteBearerTokenResolver.bearer(bad)).as(bad)
                    .isInstanceOf(OAuth2AuthenticationException.class).hasMessage("Bearer token is malformed");
        }
    }

    private static String spring(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/leads");
        request.addHeader("Authorization", header);
        return SPRING.resolve(request);
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token:" + resolve.get();
        } catch (OAuth2AuthenticationException e) {
            return "refused:" + e.getError().getErrorCode() + ":" + e.getMessage();
        }
    }
}
