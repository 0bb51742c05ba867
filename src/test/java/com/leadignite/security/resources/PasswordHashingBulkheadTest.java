package com.leadignite.security.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.auth.api.GoTrueErrorRenderer;
import com.leadignite.web.DelegatingErrorRenderer;
import com.leadignite.web.ProblemRenderer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class PasswordHashingBulkheadTest {

    static ResourceLimitProperties props(int permits) {
        return new ResourceLimitProperties(permits, Duration.ofMillis(50), 32, 1_048_576, 256, 100, 200_000);
    }

    @Test
    void excessConcurrencyIsRefusedFastAndPermitsComeBack() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PasswordHashingBulkhead bulkhead = new PasswordHashingBulkhead(props(2), meters);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> bulkhead.run(() -> hold(running, release)));
            Future<?> b = pool.submit(() -> bulkhead.run(() -> hold(running, release)));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> bulkhead.run(() -> "third")).isInstanceOf(CapacityExceededException.class);
            assertThat(meters.counter("leadignite.password_hashing.rejected").count()).isEqualTo(1.0);
            assertThat(meters.get("leadignite.password_hashing.in_use").gauge().value()).isEqualTo(2.0);

            release.countDown();
            a.get(5, TimeUnit.SECONDS);
            b.get(5, TimeUnit.SECONDS);
            assertThat(bulkhead.run(() -> "after")).isEqualTo("after");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingHashReleasesItsPermit() {
        PasswordHashingBulkhead bulkhead = new PasswordHashingBulkhead(props(1), new SimpleMeterRegistry());
        assertThatThrownBy(() -> bulkhead.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(bulkhead.run(() -> 1)).isEqualTo(1);
    }

    @Test
    void refusalIsA503ProblemOrGoTrue429UnderAuth() {
        DelegatingErrorRenderer renderer = new DelegatingErrorRenderer(java.util.List.of(GoTrueErrorRenderer.route()),
                new ProblemRenderer(), tools.jackson.databind.json.JsonMapper.builder().build());
        ResponseEntity<?> api = renderer.render(new CapacityExceededException(), new MockHttpServletRequest("POST", "/api/v1/users"));
        assertThat(api.getStatusCode().value()).isEqualTo(503);
        assertThat(api.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(api.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(((ProblemDetail) api.getBody()).getType().toString())
                .isEqualTo("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity");

        ResponseEntity<?> auth = renderer.render(new CapacityExceededException(), new MockHttpServletRequest("POST", "/auth/v1/token"));
        assertThat(auth.getStatusCode().value()).isEqualTo(429);
        assertThat(auth.getHeaders().getFirst("x-sb-error-code")).isEqualTo("over_request_rate_limit");
        assertThat(auth.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(((Map<?, ?>) auth.getBody()).get("error_code")).isEqualTo("over_request_rate_limit");
    }

    private static String hold(CountDownLatch running, CountDownLatch release) {
        running.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
