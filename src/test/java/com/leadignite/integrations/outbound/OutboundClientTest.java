package com.leadignite.integrations.outbound;

import com.leadignite.integrations.GhlProperties;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.StandInProviders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.integrations.outbound.ProviderBaseUrls.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbound client against a real HTTP server on loopback that misbehaves the ways a provider (or an
 * attacker posing as one) can: redirects inside, slow and endless answers, huge answers, garbage, 429,
 * 5xx bursts, 401.
 */
class OutboundClientTest {

    static final String KEY = "sk_live_outbound_Secret_9f2c";
    /** Calls in flight per provider. */
    static final int BULKHEAD = 2;
    final StandInProviders standIn = StandInProviders.get();
    final AuditWriter audit = mock(AuditWriter.class);
    final UUID org = UUID.randomUUID();
    /** Released by each test's end so a server thread held by a slow responder always finishes. */
    final CountDownLatch release = new CountDownLatch(1);

    ProviderBaseUrls urls;
    OutboundClient client;

    @BeforeEach
    void setUp() {
        standIn.reset();
        IntegrationProperties props = new IntegrationProperties(standIn.base() + "/vapi", standIn.base() + "/elevenlabs",
                Duration.ofSeconds(2), Duration.ofMillis(700), DataSize.ofKilobytes(4), Duration.ofSeconds(3), 3,
                50, 4, Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofMinutes(2), 10, null, BULKHEAD,
                Duration.ofMillis(100));
        GhlProperties ghl = new GhlProperties("id", "secret", standIn.base() + "/ghl/oauth/chooselocation",
                standIn.base() + "/ghl/oauth/token", null, standIn.base() + "/ghl", "contacts.readonly");
        urls = new ProviderBaseUrls(props, ghl, new MockEnvironment());
        client = new OutboundClient(props, urls, audit);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        standIn.reset();
    }

    OutboundClient.Response get(String path) {
        return client.send(org, null, OutboundRequest.get(IntegrationProvider.vapi, "test_read",
                urls.resolve(Target.VAPI_API, path), Map.of("Authorization", "Bearer " + KEY)));
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAndNeverFollowed() {
        standIn.on("GET /vapi/assistant", (r, ex) -> StandInProviders.send(ex, 302, "",
                Map.of("Location", standIn.internalUrl())));
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.BadAnswer.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("redirect");
        assertThat(standIn.internalHits()).isZero();
        assertThat(standIn.received("GET /vapi/assistant")).hasSize(1); // a redirect is not retried either
    }

    @Test
    void aSlowProviderIsCutOffAtTheReadTimeout() {
        standIn.on("GET /vapi/assistant", (r, ex) -> {
            await(release);
            StandInProviders.send(ex, 200, "[]", Map.of());
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.Unavailable.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("timeout");
        // three attempts of 700 ms at most, within the 3 s budget
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void anAnswerTricklingInPastTheDeadlineIsCutOff() {
        standIn.on("GET /vapi/assistant", (r, ex) -> {
            ex.sendResponseHeaders(200, 0); // chunked, headers at once
            OutputStream out = ex.getResponseBody();
            out.write('[');
            out.flush();
            await(release); // ... and the rest never comes
            ex.close();
        });
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.Unavailable.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("timeout");
    }

    @Test
    void aHugeAnswerIsCutOffWhetherItsLengthIsDeclaredOrNot() {
        String huge = "[" + "\"x\",".repeat(5000) + "\"x\"]";
        standIn.json("GET /vapi/assistant", 200, huge);
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.BadAnswer.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("too_large");
        standIn.on("GET /vapi/phone-number", (r, ex) -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"],".getBytes(StandardCharsets.US_ASCII));
                }
            }
        });
        assertThatThrownBy(() -> get("phone-number")).isInstanceOf(ProviderFailure.BadAnswer.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("too_large");
    }

    @Test
    void garbageIsABadAnswerNeverA500() {
        Answers answers = new Answers(JsonMapper.builder().build());
        standIn.on("GET /vapi/assistant", (r, ex) -> {
            byte[] html = "<html>oops</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, html.length);
            ex.getResponseBody().write(html);
            ex.close();
        });
        assertThatThrownBy(() -> answers.parse(get("assistant"))).isInstanceOf(ProviderFailure.BadAnswer.class);
        standIn.json("GET /vapi/call", 200, "{\"id\":\"../../admin\"}");
        assertThatThrownBy(() -> Answers.id(answers.object(get("call")), "id")).isInstanceOf(ProviderFailure.BadAnswer.class);
        standIn.json("GET /vapi/squad", 200, "[1,2]");
        assertThatThrownBy(() -> answers.object(get("squad"))).isInstanceOf(ProviderFailure.BadAnswer.class);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        standIn.on("GET /vapi/assistant", (r, ex) -> {
            if (calls.incrementAndGet() == 1) {
                StandInProviders.send(ex, 429, "{}", Map.of("Retry-After", "1"));
            } else {
                StandInProviders.send(ex, 200, "[]", Map.of());
            }
        });
        long start = System.nanoTime();
        assertThat(get("assistant").status()).isEqualTo(200);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited as asked").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).recordIndependently(audited.capture());
        assertThat(audited.getValue().details()).containsEntry("attempts", 2).containsEntry("outcome", "success")
                .containsEntry("provider", "vapi").containsEntry("operation", "test_read");
        assertThat(audited.getValue().action()).isEqualTo("outbound_call");
        assertThat(audited.getValue().toString()).doesNotContain(KEY);
    }

    @Test
    void a5xxOnAPostThatMayHaveBeenCarriedOutIsNotRetriedButA503Is() {
        standIn.json("POST /vapi/call", 500, "{}");
        assertThatThrownBy(() -> client.send(org, null, OutboundRequest.json(IntegrationProvider.vapi, "create_call",
                "POST", urls.resolve(Target.VAPI_API, "call"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false)))
                .isInstanceOf(ProviderFailure.Unavailable.class);
        assertThat(standIn.received("POST /vapi/call")).hasSize(1);
        standIn.reset();
        standIn.json("POST /vapi/call", 503, "{}");
        assertThatThrownBy(() -> client.send(org, null, OutboundRequest.json(IntegrationProvider.vapi, "create_call",
                "POST", urls.resolve(Target.VAPI_API, "call"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false)))
                .isInstanceOf(ProviderFailure.Unavailable.class);
        assertThat(standIn.received("POST /vapi/call")).hasSize(3);
    }

    @Test
    void aBurstAtASlowProviderIsHeldToTheBulkheadAndTheRestIsRefusedQuickly() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        standIn.on("POST /vapi/call", (r, ex) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                await(release);
                StandInProviders.send(ex, 200, "[]", Map.of());
            } finally {
                inFlight.decrementAndGet();
            }
        });
        int burst = 4 * BULKHEAD;
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < burst; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    try {
                        // a POST is not retried after a timeout: each caller reaches the provider at most once
                        client.send(org, null, OutboundRequest.json(IntegrationProvider.vapi, "create_call", "POST",
                                urls.resolve(Target.VAPI_API, "call"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false));
                        return "answered";
                    } catch (ProviderFailure f) {
                        // a refusal comes after the queue wait (100 ms), long before the 700 ms read timeout
                        return f.reason() + (f.reason().equals("bulkhead_full")
                                && Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(600)) < 0 ? "_fast" : "");
                    }
                }));
            }
            go.countDown();
            List<String> refused = new ArrayList<>();
            for (Future<String> f : outcomes.subList(0, burst)) {
                String o = f.get(30, TimeUnit.SECONDS);
                if (o.startsWith("bulkhead_full")) {
                    refused.add(o);
                }
            }
            assertThat(maxInFlight.get()).as("calls the slow provider saw at once").isLessThanOrEqualTo(BULKHEAD);
            assertThat(refused).hasSize(burst - BULKHEAD).allMatch(o -> o.equals("bulkhead_full_fast"));
            ArgumentCaptor<AuditEvent> events = ArgumentCaptor.forClass(AuditEvent.class);
            verify(audit, atLeast(burst)).recordIndependently(events.capture());
            assertThat(events.getAllValues()).filteredOn(e -> "bulkhead_full".equals(e.details().get("outcome")))
                    .hasSize(burst - BULKHEAD);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        // the places are given back: the provider answers again and is called again
        standIn.json("GET /vapi/assistant", 200, "[]");
        assertThat(get("assistant").status()).isEqualTo(200);
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndThenAnswersWithoutCalling() {
        standIn.json("GET /vapi/assistant", 502, "{}");
        for (int i = 0; i < 2; i++) { // 2 calls x up to 3 attempts: at least the 4 calls the breaker needs
            assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.Unavailable.class);
        }
        assertThat(client.breaker(IntegrationProvider.vapi).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = standIn.received("GET /vapi/assistant").size();
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.Unavailable.class)
                .extracting(e -> ((ProviderFailure) e).reason()).isEqualTo("circuit_open");
        assertThat(standIn.received("GET /vapi/assistant")).hasSize(before);
        // per provider: ElevenLabs is still called
        standIn.json("GET /elevenlabs/v1/user", 200, "{}");
        assertThat(client.send(org, null, OutboundRequest.get(IntegrationProvider.elevenlabs, "check_key",
                urls.resolve(Target.ELEVENLABS_API, "v1", "user"), Map.of())).status()).isEqualTo(200);
    }

    @Test
    void a401IsACredentialRejectionAndIsNotRetried() {
        standIn.json("GET /vapi/assistant", 401, "{\"message\":\"Invalid key\"}");
        assertThatThrownBy(() -> get("assistant")).isInstanceOf(ProviderFailure.CredentialRejected.class);
        assertThat(standIn.received("GET /vapi/assistant")).hasSize(1);
        verify(audit, atLeastOnce()).recordIndependently(any(AuditEvent.class));
    }

    @Test
    void theCredentialTravelsOnlyInItsHeader() {
        standIn.json("GET /vapi/assistant", 200, "[]");
        get("assistant");
        StandInProviders.Received r = standIn.received("GET /vapi/assistant").get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.query()).isEmpty();
    }

    @Test
    void onlyConfiguredOriginsAndSafeSegmentsAreReachable() {
        assertThatThrownBy(() -> urls.resolve(Target.VAPI_API, "assistant", "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.resolve(Target.VAPI_API, "assistant", "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.resolve(Target.VAPI_API, "assistant", "x%2F..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.send(org, null, OutboundRequest.get(IntegrationProvider.vapi, "x",
                java.net.URI.create(standIn.internalUrl().replace("127.0.0.1", "localhost")), Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(urls.resolve(Target.GHL_API, List.of("contacts"), Map.of("locationId", "a b&c")).getRawQuery())
                .isEqualTo("locationId=a+b%26c");
    }

    @Test
    void baseUrlsMustBeHttpsOrLoopbackOutsideProd() {
        assertThat(ProviderBaseUrls.problem("X", "https://api.vapi.ai", true)).isEmpty();
        assertThat(ProviderBaseUrls.problem("X", "http://127.0.0.1:9/vapi", false)).isEmpty();
        assertThat(ProviderBaseUrls.problem("X", "http://127.0.0.1:9/vapi", true)).isPresent();
        assertThat(ProviderBaseUrls.problem("X", "http://169.254.169.254/latest", false)).isPresent();
        assertThat(ProviderBaseUrls.problem("X", "http://10.0.0.5/", false)).isPresent();
        assertThat(ProviderBaseUrls.problem("X", "https://user:pw@api.vapi.ai", false)).get().asString().doesNotContain("pw");
        assertThat(ProviderBaseUrls.problem("X", "https://api.vapi.ai/?k=1", false)).isPresent();
        assertThat(ProviderBaseUrls.problem("X", "ftp://api.vapi.ai/", false)).isPresent();
        assertThat(ProviderBaseUrls.problem("X", "/relative", false)).isPresent();
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        IntegrationProperties props = new IntegrationProperties(standIn.base() + "/vapi", "https://api.elevenlabs.io",
                Duration.ofSeconds(2), Duration.ofSeconds(2), DataSize.ofKilobytes(4), Duration.ofSeconds(3), 3,
                50, 4, Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofMinutes(2), 10, null, BULKHEAD,
                Duration.ofMillis(100));
        GhlProperties ghl = new GhlProperties(null, null, "https://a.example/auth", "https://a.example/token", null,
                "https://a.example", "contacts.readonly");
        assertThatThrownBy(() -> new ProviderBaseUrls(props, ghl, prod))
                .hasMessageContaining("VAPI_API_BASE_URL");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
