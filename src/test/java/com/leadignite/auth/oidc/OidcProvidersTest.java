package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Discovery: fetched on first use only, refused unless it is the configured issuer's and its endpoints are callable. */
class OidcProvidersTest {

    private HttpServer server;
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/idp/.well-known/openid-configuration", ex -> {
            fetches.incrementAndGet();
            byte[] b = document.get().replace("ISSUER", issuer()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
    }

    private OidcProviders providers() {
        SocialLoginProperties settings = new SocialLoginProperties(Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofSeconds(2), Duration.ofSeconds(2), DataSize.ofKilobytes(64), Duration.ofHours(1));
        OidcProviderProperties props = new OidcProviderProperties(Map.of("idp",
                new OidcProviderProperties.Provider(issuer(), "client", "secret", null)));
        return new OidcProviders(props, settings, new ProviderHttp(settings, JsonMapper.builder().build(), new MockEnvironment()),
                Clock.systemUTC());
    }

    @Test
    void discoversOnFirstUseAndReusesIt() {
        document.set("""
                {"issuer":"ISSUER","authorization_endpoint":"ISSUER/auth","token_endpoint":"ISSUER/token","jwks_uri":"ISSUER/jwks"}""");
        OidcProviders p = providers();
        assertThat(p.known("idp")).isTrue();
        assertThat(fetches).hasValue(0);
        OidcProviders.Discovered d = p.get("idp").orElseThrow();
        assertThat(d.tokenEndpoint().toString()).isEqualTo(issuer() + "/token");
        assertThat(d.secretInBody()).isFalse();
        p.get("idp");
        assertThat(fetches).hasValue(1);
        assertThat(p.get("other")).isEmpty();
        assertThat(p.known("other")).isFalse();
    }

    @Test
    void aDocumentOfAnotherIssuerIsRefused() {
        document.set("""
                {"issuer":"https://evil.example","authorization_endpoint":"ISSUER/auth","token_endpoint":"ISSUER/token","jwks_uri":"ISSUER/jwks"}""");
        assertThat(ProviderHttpTest.reason(() -> providers().get("idp"))).isEqualTo("discovery_issuer_mismatch");
    }

    @Test
    void endpointsMustBeCallable() {
        document.set("""
                {"issuer":"ISSUER","authorization_endpoint":"ISSUER/auth","token_endpoint":"http://169.254.169.254/token","jwks_uri":"ISSUER/jwks"}""");
        assertThat(ProviderHttpTest.reason(() -> providers().get("idp"))).isEqualTo("discovery_bad_endpoint");
        document.set("""
                {"issuer":"ISSUER","authorization_endpoint":"ISSUER/auth","token_endpoint":"ISSUER/token"}""");
        assertThat(ProviderHttpTest.reason(() -> providers().get("idp"))).isEqualTo("discovery_missing_jwks_uri");
    }

    @Test
    void theSecretGoesInTheBodyOnlyWhenTheProviderTakesNothingElse() {
        document.set("""
                {"issuer":"ISSUER","authorization_endpoint":"ISSUER/auth","token_endpoint":"ISSUER/token","jwks_uri":"ISSUER/jwks",
                 "token_endpoint_auth_methods_supported":["client_secret_post"]}""");
        assertThat(providers().get("idp").orElseThrow().secretInBody()).isTrue();
    }

    @Test
    void anIssuerThatCannotBeCalledStopsTheStart() {
        SocialLoginProperties settings = new SocialLoginProperties(Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofSeconds(2), Duration.ofSeconds(2), DataSize.ofKilobytes(64), Duration.ofHours(1));
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        for (var c : java.util.List.of(
                java.util.Map.entry(issuer(), prod),
                java.util.Map.entry("http://idp.example.test", new MockEnvironment()))) {
            OidcProviderProperties props = new OidcProviderProperties(Map.of("idp",
                    new OidcProviderProperties.Provider(c.getKey(), "client", "secret", null)));
            ProviderHttp http = new ProviderHttp(settings, JsonMapper.builder().build(), c.getValue());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OidcProviders(props, settings, http, Clock.systemUTC()))
                    .hasMessageContaining("AUTH_OIDC_IDP_ISSUER");
        }
    }
}
