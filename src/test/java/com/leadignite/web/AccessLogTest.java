package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One structured access-log line per request: no query string, no headers, no body. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AccessLogTest {

    @LocalServerPort
    int port;

    @Test
    void oneLinePerRequestWithoutQueryOrHeaders(CapturedOutput output) throws Exception {
        String id = "access-log-" + System.nanoTime();
        Http.Response r = new Http(port).get("/api/v1/leads?q=private-search-term&code=abc123", "X-Request-Id", id,
                "Authorization", "Bearer not-a-real-token-value", "Cookie", "a=cookie-value-xyz");
        assertThat(r.status()).isEqualTo(401);

        // the line is written when the server thread finishes the exchange, after the client has its answer
        JsonNode line = await("access log line").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> output.getAll().lines()
                        .filter(l -> l.contains("\"com.leadignite.access\"") && l.contains(id))
                        .map(Http.JSON::readTree).findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(line.get("request_id").asString()).isEqualTo(id);
        assertThat(line.get("http").get("request").get("method").asString()).isEqualTo("GET");
        assertThat(line.get("http").get("response").get("status_code").asInt()).isEqualTo(401);
        assertThat(line.get("url").get("path").asString()).isEqualTo("/api/v1/leads");
        assertThat(line.get("client").get("ip").asString()).isNotBlank();
        assertThat(line.get("event").get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(line.toString()).doesNotContain("private-search-term", "abc123", "not-a-real-token-value",
                "cookie-value-xyz");
        assertThat(output.getAll()).doesNotContain("not-a-real-token-value", "cookie-value-xyz", "private-search-term");
    }
}
