package com.leadignite.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Response headers of API.md §0, on every response that passes the security chain (errors and 401s
 * included, since the chain also wraps the error dispatch). HSTS only on secure requests; whether a
 * request counts as secure behind a proxy is decided by the trusted-proxy handling upstream.
 */
final class SecurityHeaders {

    static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    /** The static browser app under /app/: its own files only, no inline script or style, no framing. */
    static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    static final RequestMatcher APP = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/app"),
            PathPatternRequestMatcher.withDefaults().matcher("/app/**"));
    static final String CSP_HEADER = "Content-Security-Policy";
    static final long HSTS_MAX_AGE = 31_536_000L;

    private SecurityHeaders() {
    }

    static Customizer<HeadersConfigurer<org.springframework.security.config.annotation.web.builders.HttpSecurity>> apply() {
        return h -> h
                .contentTypeOptions(Customizer.withDefaults())
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(APP, new StaticHeadersWriter(CSP_HEADER, APP_CSP)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(APP),
                        new StaticHeadersWriter(CSP_HEADER, CSP)))
                .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(HSTS_MAX_AGE))
                .xssProtection(x -> x.disable())
                // Spring's default is a four-directive no-cache set plus Pragma/Expires; API.md asks for no-store.
                .cacheControl(c -> c.disable())
                .addHeaderWriter(noStoreUnlessSet());
    }

    /** {@code no-store} unless the handler chose its own caching (the public JWKS keeps its max-age). */
    static HeaderWriter noStoreUnlessSet() {
        return (request, response) -> {
            if (!response.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            }
        };
    }
}
