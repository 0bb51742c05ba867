package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Webhook bodies are parsed under the API's limits, a bounded number at a time. */
class WebhookJsonTest {

    private static WebhookProperties props(int concurrency, Duration wait) {
        return new WebhookProperties(Duration.ofMinutes(5), Duration.ofHours(24), 1 << 20, Duration.ofMinutes(10),
                Duration.ofMinutes(1), Duration.ofSeconds(2), 20, 5, concurrency, wait, 300, 600, Duration.ofMinutes(1),
                2048, Duration.ofDays(30), Duration.ofMinutes(10), DataSize.ofMegabytes(100), 5);
    }

    private static JsonMapper limited() {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxTokenCount(1000).build()).build()).build();
    }

    @Test
    void theInjectedMappersLimitsApply() {
        WebhookJson json = new WebhookJson(limited(), props(4, Duration.ZERO), new SimpleMeterRegistry());
        byte[] deep = ("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.readBounded(deep)).isInstanceOf(StreamConstraintsException.class);
        byte[] many = ("{\"a\":[" + "{},".repeat(2000) + "{}]}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.readBounded(many)).isInstanceOf(StreamConstraintsException.class);
        assertThat(json.readBounded("{\"type\":\"x\",\"unknown\":1}".getBytes(StandardCharsets.UTF_8)).get("unknown").asInt())
                .isEqualTo(1);
    }

    @Test
    void parsingBeyondTheConcurrencyBoundIsRefusedFastAndTheSlotIsReturned() throws Exception {
        WebhookJson json = new WebhookJson(limited(), props(2, Duration.ofMillis(50)), new SimpleMeterRegistry());
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> json.bounded(() -> hold(inside, release)));
            Future<?> b = pool.submit(() -> json.bounded(() -> hold(inside, release)));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> json.readBounded("{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(WebhookJson.BusyException.class);
            release.countDown();
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            assertThat(json.readBounded("{}".getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static Object hold(CountDownLatch inside, CountDownLatch release) {
        inside.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Test
    void unstorableTextAndSafeExcerpts() {
        JsonMapper m = JsonMapper.builder().build();
        assertThat(WebhookJson.unstorable(m.readTree("{\"a\":[\"x\\ud83d\\ude00\"]}"))).isEmpty();
        assertThat(WebhookJson.unstorable(m.readTree("{\"a\":[\"x\\ud800\"]}"))).hasValue("lone_surrogate");
        assertThat(WebhookJson.unstorable(m.readTree("{\"\\udc00\":1}"))).hasValue("lone_surrogate");
        assertThat(WebhookJson.unstorable(m.readTree("{\"a\":{\"b\":\"\\u0000\"}}"))).hasValue("nul_character");
        assertThat(WebhookJson.unstorable(m.readTree("{\"a\":1e999}"))).hasValue("number_out_of_range");
        assertThat(WebhookJson.excerpt("ab\u0000c\ud800d\ud83d\ude00e", 100)).isEqualTo("ab\uFFFDc\uFFFDd\ud83d\ude00e");
        assertThat(WebhookJson.excerpt("abc\ud83d\ude00", 4)).isEqualTo("abc");
        assertThat(WebhookJson.excerpt("x".repeat(10_000), 2048)).hasSize(2048);
    }
}
