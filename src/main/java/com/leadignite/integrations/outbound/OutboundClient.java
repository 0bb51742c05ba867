package com.leadignite.integrations.outbound;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.web.LimitedBody;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every call to a provider goes through here (OWASP API7, API10):
 * <ul>
 *   <li>only to the configured provider origins ({@link ProviderBaseUrls}), never following a redirect
 *       (a 3xx is a bad answer: a provider has no business sending us elsewhere, least of all inside);</li>
 *   <li>connect timeout, and a deadline per attempt that covers the whole body, so a provider trickling
 *       bytes cannot hold a request thread; answers above {@code max-response-bytes} are cut off;</li>
 *   <li>429 and 5xx retried with exponential back-off and jitter (honouring {@code Retry-After}) while the
 *       retry budget lasts;</li>
 *   <li>one Resilience4j circuit breaker per provider: 5xx, timeouts and connection failures count, and
 *       an open breaker answers 503 at once without calling;</li>
 *   <li>a bulkhead per provider: at most {@code outbound-concurrency} calls in flight, a call waits at
 *       most {@code outbound-queue-wait} for a place and is otherwise refused with 503, so a slow
 *       provider ties up a bounded number of request threads and every other request keeps its own;</li>
 *   <li>every call audited: provider, operation, outcome, status, attempts; never a header, URL query or
 *       body, so never a credential.</li>
 * </ul>
 * Callers validate the 2xx body they get before using it.
 */
@Component
public class OutboundClient {

    private static final Logger log = LoggerFactory.getLogger(OutboundClient.class);
    private static final Duration BASE_BACKOFF = Duration.ofMillis(200);

    /** A 2xx answer. */
    public record Response(int status, byte[] body) {
    }

    private final HttpClient http;
    private final IntegrationProperties props;
    private final ProviderBaseUrls urls;
    private final AuditWriter audit;
    private final Map<IntegrationProvider, CircuitBreaker> breakers = new EnumMap<>(IntegrationProvider.class);
    private final Map<IntegrationProvider, Semaphore> bulkheads = new EnumMap<>(IntegrationProvider.class);

    public OutboundClient(IntegrationProperties props, ProviderBaseUrls urls, AuditWriter audit) {
        this.props = props;
        this.urls = urls;
        this.audit = audit;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(props.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(props.breakerFailureRate())
                .minimumNumberOfCalls(props.breakerMinimumCalls())
                .slidingWindowSize(Math.max(props.breakerMinimumCalls(), 10))
                .waitDurationInOpenState(props.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        for (IntegrationProvider p : IntegrationProvider.values()) {
            breakers.put(p, CircuitBreaker.of("outbound-" + p.name(), config));
            bulkheads.put(p, new Semaphore(props.outboundConcurrency(), true));
        }
    }

    /** The breaker of a provider (its state is reported and, in tests, reset). */
    public CircuitBreaker breaker(IntegrationProvider provider) {
        return breakers.get(provider);
    }

    /**
     * Sends {@code request} for {@code orgId} (audited with {@code actorId}, null for work no user is behind).
     *
     * @return the 2xx answer
     * @throws ProviderFailure for everything else
     */
    public Response send(UUID orgId, UUID actorId, OutboundRequest request) {
        if (!urls.allowed(request.uri())) {
            // Only reachable through a programming error: URIs are built by ProviderBaseUrls.
            throw new IllegalArgumentException("outbound URL outside the configured provider origins");
        }
        CircuitBreaker breaker = breakers.get(request.provider());
        Semaphore bulkhead = bulkheads.get(request.provider());
        long start = System.nanoTime();
        long deadline = start + props.retryBudget().toNanos();
        int attempts = 0;
        Integer lastStatus = null;
        String outcome = "error";
        boolean admitted = false;
        try {
            admitted = admit(bulkhead);
            if (!admitted) {
                outcome = "bulkhead_full";
                throw new ProviderFailure.Unavailable("bulkhead_full", 1);
            }
            while (true) {
                attempts++;
                if (!breaker.tryAcquirePermission()) {
                    outcome = "circuit_open";
                    throw new ProviderFailure.Unavailable("circuit_open", props.breakerOpenFor().toSeconds());
                }
                Attempt a = attempt(request, deadline, breaker);
                lastStatus = a.status();
                if (a.response() != null) {
                    outcome = "success";
                    return a.response();
                }
                ProviderFailure failure = a.failure();
                long wait = a.retryable() ? backoff(attempts, a.retryAfterSeconds()) : -1;
                boolean retry = a.retryable() && attempts < props.maxAttempts()
                        && System.nanoTime() + wait < deadline - TimeUnit.MILLISECONDS.toNanos(100);
                if (!retry) {
                    outcome = failure.reason();
                    throw failure;
                }
                pause(wait);
            }
        } finally {
            if (admitted) {
                bulkhead.release();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", request.provider().name());
            details.put("operation", request.operation());
            details.put("outcome", outcome);
            details.put("status", lastStatus);
            details.put("attempts", attempts);
            details.put("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            audit.recordIndependently(AuditEvent.of(outcome.equals("success") ? AuditEvent.Outcome.success
                    : AuditEvent.Outcome.failure, orgId, actorId, "outbound_call", "integration", request.provider().name(), details));
        }
    }

    private boolean admit(Semaphore bulkhead) {
        try {
            return bulkhead.tryAcquire(props.outboundQueueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One attempt's result: an answer, or a failure and whether another attempt may help. */
    private record Attempt(Response response, ProviderFailure failure, boolean retryable, long retryAfterSeconds,
                           Integer status) {
    }

    private Attempt attempt(OutboundRequest request, long deadline, CircuitBreaker breaker) {
        long remaining = Math.min(props.readTimeout().toNanos(), deadline - System.nanoTime());
        long begin = breaker.getCurrentTimestamp();
        if (remaining <= 0) {
            breaker.releasePermission();
            return new Attempt(null, new ProviderFailure.Unavailable("timeout", 1), false, 0, null);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", "application/json")
                .header("User-Agent", "LeadIgnite");
        request.headers().forEach(b::header);
        if (request.body() != null) {
            b.header("Content-Type", request.contentType());
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(b.build(),
                info -> LimitedBody.of(info, props.maxResponseBytes().toBytes()));
        HttpResponse<byte[]> response;
        try {
            response = future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(breaker, begin, new ProviderFailure.Unavailable("timeout", 1), request.idempotent(), null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return new Attempt(null, new ProviderFailure.Unavailable("interrupted", 1), false, 0, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LimitedBody.TooLarge) {
                breaker.onSuccess(elapsed(breaker, begin), breaker.getTimestampUnit());
                return new Attempt(null, new ProviderFailure.BadAnswer("too_large"), false, 0, null);
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return failed(breaker, begin, new ProviderFailure.Unavailable("timeout", 1), request.idempotent(), null);
            }
            // A refused or failed connection never reached the provider's application: safe to retry.
            boolean notSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
            log.warn("Outbound {} {} failed: {}", request.provider(), request.operation(), cause.getClass().getSimpleName());
            return failed(breaker, begin, new ProviderFailure.Unavailable("connection", 1), notSent || request.idempotent(), null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            breaker.onSuccess(elapsed(breaker, begin), breaker.getTimestampUnit());
            return new Attempt(new Response(status, response.body()), null, false, 0, status);
        }
        if (status == 429) {
            // The provider is healthy and asks us to slow down: not a breaker failure.
            breaker.onSuccess(elapsed(breaker, begin), breaker.getTimestampUnit());
            return new Attempt(null, new ProviderFailure.Unavailable("rate_limited", retryAfter(response).orElse(1L)), true,
                    retryAfter(response).orElse(0L), status);
        }
        if (status >= 500) {
            ProviderFailure f = new ProviderFailure.Unavailable("status_" + status, retryAfter(response).orElse(1L));
            Attempt a = failed(breaker, begin, f, request.idempotent() || status == 503, status);
            return new Attempt(null, f, a.retryable(), retryAfter(response).orElse(0L), status);
        }
        breaker.onSuccess(elapsed(breaker, begin), breaker.getTimestampUnit());
        if (status >= 300 && status < 400) {
            return new Attempt(null, new ProviderFailure.BadAnswer("redirect"), false, 0, status);
        }
        if (status == 401 || status == 403) {
            return new Attempt(null, new ProviderFailure.CredentialRejected("status_" + status), false, 0, status);
        }
        if (status < 200) {
            return new Attempt(null, new ProviderFailure.BadAnswer("status_" + status), false, 0, status);
        }
        return new Attempt(null, new ProviderFailure.Refused(status), false, 0, status);
    }

    private Attempt failed(CircuitBreaker breaker, long begin, ProviderFailure failure, boolean retryable, Integer status) {
        breaker.onError(elapsed(breaker, begin), breaker.getTimestampUnit(), failure);
        return new Attempt(null, failure, retryable, 0, status);
    }

    private static long elapsed(CircuitBreaker breaker, long begin) {
        return breaker.getCurrentTimestamp() - begin;
    }

    /** Exponential with full jitter, or the provider's {@code Retry-After} when it asks for longer. */
    private static long backoff(int attempt, long retryAfterSeconds) {
        long exp = BASE_BACKOFF.toNanos() << Math.min(attempt - 1, 10);
        long jittered = ThreadLocalRandom.current().nextLong(exp / 2, exp + 1);
        return Math.max(jittered, TimeUnit.SECONDS.toNanos(Math.max(0, retryAfterSeconds)));
    }

    private static Optional<Long> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.trim());
                return s >= 0 && s <= 3600 ? Optional.of(s) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own back-off
            }
        });
    }

    /** Waits between attempts (or polls); an interrupt ends the wait as an unavailable provider. */
    public static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure.Unavailable("interrupted", 1);
        }
    }
}
