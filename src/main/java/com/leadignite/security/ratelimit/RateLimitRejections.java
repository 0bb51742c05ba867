package com.leadignite.security.ratelimit;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.AuthErrorResponder;
import com.leadignite.db.DbContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens when a limit is hit: a 429 with {@code Retry-After} (a problem response, or the GoTrue
 * shape under {@code /auth/v1}), a metric, and an audit row {@code rate_limited} at most once per key
 * and window, so a flood cannot flood the audit log too.
 */
@Component
public class RateLimitRejections {

    public static final String PROBLEM_TYPE = "https://iana.org/assignments/http-problem-types#quota-exceeded";
    private static final Logger log = LoggerFactory.getLogger(RateLimitRejections.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditWriter audit;
    private final CounterStore counters;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    public RateLimitRejections(AuditWriter audit, CounterStore counters, MeterRegistry meters,
                               ApplicationEventPublisher events) {
        this.audit = audit;
        this.counters = counters;
        this.meters = meters;
        this.events = events;
    }

    /** Who was limited: the bucket key and, when known, the user behind it. */
    public record Subject(String bucketKey, UUID orgId, UUID userId) {
    }

    /** Counts and audits a refusal (without writing a response). */
    public void record(RouteGroup group, String policy, Subject subject, Duration window) {
        Counter.builder("leadignite.ratelimit.rejected")
                .description("Requests refused with 429 by a rate limit")
                .tag("group", group.id()).tag("policy", policy)
                .register(meters).increment();
        try {
            events.publishEvent(new RateLimitRejected(group, policy, subject.orgId(), subject.userId(),
                    MDC.get(AuditWriter.MDC_CLIENT_IP)));
        } catch (RuntimeException e) {
            log.warn("rate-limit listener failed: {}", e.getClass().getSimpleName());
        }
        try {
            if (counters.setIfAbsent("audit-rl:" + subject.bucketKey(), window)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("policy", policy);
                details.put("group", group.id());
                DbContext.runAs(DbContext.AUTH_SERVICE, () -> audit.recordIndependently(AuditEvent.of(
                        AuditEvent.Outcome.denied, subject.orgId(), subject.userId(), "rate_limited", "user",
                        subject.userId(), details)));
            }
        } catch (RuntimeException e) {
            // The refusal stands whether or not its audit row could be written.
            log.warn("could not audit a rate-limit refusal: {}", e.getClass().getSimpleName());
        }
    }

    /** Counts, audits and answers 429. */
    public void reject(HttpServletRequest request, HttpServletResponse response, RouteGroup group, String policy,
                       Probe probe, Subject subject, Duration window) throws IOException {
        record(group, policy, subject, window);
        response.setHeader("Retry-After", Long.toString(Math.max(1, probe.retryAfter())));
        if (AuthErrorResponder.isAuthPath(request)) {
            AuthErrorResponder.write(AuthError.rateLimited(), request, response);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_TYPE);
        body.put("title", "Too Many Requests");
        body.put("status", 429);
        body.put("detail", "Too many requests. Try again later.");
        body.put("instance", request.getRequestURI());
        String requestId = MDC.get(AuditWriter.MDC_REQUEST_ID);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        body.put("violated-policies", List.of(policy));
        response.setStatus(429);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
