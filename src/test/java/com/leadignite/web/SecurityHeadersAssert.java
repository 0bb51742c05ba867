package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;

/** The headers API.md §0 puts on every response. */
public final class SecurityHeadersAssert {

    private SecurityHeadersAssert() {
    }

    public static void assertSecurityHeaders(Http.Response r) {
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(r.header("X-Request-Id")).isNotBlank();
        assertThat(r.raw().headers().allValues("X-XSS-Protection")).isEmpty();
    }
}
