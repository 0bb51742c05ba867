package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Calls to providers: https only (loopback http outside prod), no redirects, bounded time and size. */
class ProviderHttpTest {

    private static final SocialLoginProperties SETTINGS = settings(Duration.ofSeconds(10));

    private static SocialLoginProperties settings(Duration readTimeout) {
        return new SocialLoginProperties(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(2), readTimeout,
                DataSize.ofKilobytes(4), Duration.ofHours(1));
    }

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/ok", ex -> send(ex, 200, "{\"a\":1}"));
        server.createContext("/array", ex -> send(ex, 200, "[1]"));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().set("Location", base() + "/ok");
            send(ex, 302, "{}");
        });
        server.createContext("/big", ex -> send(ex, 200, "{\"a\":\"" + "x".repeat(10_000) + "\"}"));
        server.createContext("/error", ex -> send(ex, 500, "{}"));
        server.createContext("/slow", ex -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "{}");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static ProviderHttp http(String... profiles) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles(profiles);
        return new ProviderHttp(SETTINGS, JsonMapper.builder().build(), env);
    }

    /** The reason of the {@link OidcFailure} {@code call} throws. */
    static String reason(Runnable call) {
        try {
            call.run();
        } catch (OidcFailure e) {
            return e.reason();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void answersJsonObjects() {
        assertThat(http().getJson(URI.create(base() + "/ok")).get("a").asInt()).isEqualTo(1);
        assertThat(reason(() -> http().getJson(URI.create(base() + "/array")))).isEqualTo("provider_answer_not_an_object");
    }

    @Test
    void neverFollowsARedirect() {
        assertThat(reason(() -> http().getJson(URI.create(base() + "/redirect")))).isEqualTo("provider_status_3xx");
        assertThat(reason(() -> http().postForm(URI.create(base() + "/redirect"), Map.of("a", "b"), Map.of())))
                .isEqualTo("provider_status_3xx");
    }

    @Test
    void refusesAnswersAboveTheLimitAndErrors() {
        assertThat(reason(() -> http().getJson(URI.create(base() + "/big")))).isEqualTo("provider_answer_too_large");
        assertThat(reason(() -> http().getJson(URI.create(base() + "/error")))).isEqualTo("provider_status_5xx");
    }

    @Test
    void givesUpOnASlowProvider() {
        ProviderHttp impatient = new ProviderHttp(settings(Duration.ofMillis(300)), JsonMapper.builder().build(),
                new MockEnvironment());
        long start = System.nanoTime();
        assertThat(reason(() -> impatient.getJson(URI.create(base() + "/slow")))).isEqualTo("provider_timeout");
        // The provider holds the answer for 20 s; giving up must not wait for it.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void plainHttpOnlyToLoopbackAndNeverInProduction() {
        ProviderHttp dev = http();
        assertThat(dev.allowed(URI.create("https://idp.example.test/x"))).isTrue();
        assertThat(dev.allowed(URI.create("http://127.0.0.1:8080/x"))).isTrue();
        assertThat(dev.allowed(URI.create("http://[::1]:8080/x"))).isTrue();
        assertThat(dev.allowed(URI.create("http://localhost/x"))).isTrue();
        assertThat(dev.allowed(URI.create("http://idp.example.test/x"))).isFalse();
        assertThat(dev.allowed(URI.create("http://127.0.0.1.nip.io/x"))).isFalse();
        assertThat(dev.allowed(URI.create("http://10.0.0.1/x"))).isFalse();
        assertThat(dev.allowed(URI.create("https://user@idp.example.test/x"))).isFalse();
        assertThat(dev.allowed(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(dev.allowed(URI.create("/relative"))).isFalse();
        ProviderHttp prod = http("prod");
        assertThat(prod.allowed(URI.create("http://127.0.0.1:8080/x"))).isFalse();
        assertThat(prod.allowed(URI.create("https://idp.example.test/x"))).isTrue();
        assertThat(reason(() -> prod.getJson(URI.create(base() + "/ok")))).isEqualTo("provider_url_refused");
    }
}
