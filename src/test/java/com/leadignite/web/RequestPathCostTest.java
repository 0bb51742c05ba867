package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the cheapest paths cost: the public health answer is computed at most about once a second (a
 * burst of unauthenticated calls does not take a pool connection each), and Spring Security's per-filter
 * observations are off while the request as a whole is still measured.
 */
@IntegrationTest
class RequestPathCostTest {

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    @Test
    void aBurstOfHealthChecksBorrowsAFewConnectionsNotOneEach() {
        Http http = new Http(port);
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        long before = acquisitions();
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            Http.Response r = http.get("/actuator/health");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        // One check per second of the burst, plus what background jobs borrowed meanwhile (a few a second).
        assertThat(acquisitions() - before).isLessThan(Math.max(30, 5 * (seconds + 1)));
    }

    @Test
    void securityFiltersAreNotObservedOneByOneButRequestsAre() {
        Http.Response r = new Http(port).get("/api/v1/leads");
        assertThat(r.status()).isEqualTo(401);
        assertThat(meters.getMeters()).noneMatch(m -> m.getId().getName().startsWith("spring.security."));
        assertThat(meters.find("http.server.requests").tag("status", "401").timers()).isNotEmpty();
    }

    private long acquisitions() {
        return meters.find("hikaricp.connections.acquire").timers().stream().mapToLong(Timer::count).sum();
    }
}
