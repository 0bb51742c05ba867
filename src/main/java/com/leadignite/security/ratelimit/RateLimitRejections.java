package com.leadignite.security.ratelimit;

import com.leadignite.security.SecurityEvent;
import com.leadignite.web.DelegatingErrorRenderer;
import com.leadignite.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What happens when a limit is hit: a {@link RateLimitExceededException} (429 with {@code Retry-After},
 * rendered by the one error renderer), a metric, and a {@link SecurityEvent.RateLimited} for the audit
 * log at most once per key and window, so a flood cannot flood the audit log too.
 */
@Component
public class RateLimitRejections {

    private static final Logger log = LoggerFactory.getLogger(RateLimitRejections.class);

    private final ApplicationEventPublisher events;
    private final CounterStore counters;
    private final MeterRegistry meters;
    private final DelegatingErrorRenderer errors;

    public RateLimitRejections(ApplicationEventPublisher events, CounterStore counters, MeterRegistry meters,
                               DelegatingErrorRenderer errors) {
        this.events = events;
        this.counters = counters;
        this.meters = meters;
        this.errors = errors;
    }

    /** Who was limited: the bucket key and, when known, the user behind it. */
    public record Subject(String bucketKey, UUID orgId, UUID userId) {
    }

    /** Counts and reports a refusal (without writing a response). */
    public void record(RouteGroup group, String policy, Subject subject, Duration window) {
        Counter.builder("leadignite.ratelimit.rejected")
                .description("Requests refused with 429 by a rate limit")
                .tag("group", group.id()).tag("policy", policy)
                .register(meters).increment();
        try {
            events.publishEvent(new RateLimitRejected(group, policy, subject.orgId(), subject.userId(),
                    MDC.get(RequestIds.MDC_CLIENT_IP)));
        } catch (RuntimeException e) {
            log.warn("rate-limit listener failed: {}", e.getClass().getSimpleName());
        }
        try {
            if (counters.setIfAbsent("audit-rl:" + subject.bucketKey(), window)) {
                events.publishEvent(new SecurityEvent.RateLimited(group.id(), policy, subject.orgId(), subject.userId()));
            }
        } catch (RuntimeException e) {
            // The refusal stands whether or not it could be reported.
            log.warn("could not audit a rate-limit refusal: {}", e.getClass().getSimpleName());
        }
    }

    /** Counts and reports a refusal; the exception to throw (answered 429 by the error handlers). */
    public RateLimitExceededException exceeded(RouteGroup group, String policy, Probe probe, Subject subject,
                                               Duration window) {
        record(group, policy, subject, window);
        return new RateLimitExceededException(policy, probe.retryAfter());
    }

    /** Counts, reports and answers 429 (from a filter). */
    public void reject(HttpServletRequest request, HttpServletResponse response, RouteGroup group, String policy,
                       Probe probe, Subject subject, Duration window) throws IOException {
        errors.write(exceeded(group, policy, probe, subject, window), request, response);
    }
}
