package com.leadignite.webhooks.receive;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.web.ApiException;
import com.leadignite.web.DelegatingErrorRenderer;
import com.leadignite.webhooks.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import com.leadignite.security.ratelimit.RateLimitHeaders;
import com.leadignite.security.resources.CapacityExceededException;
import com.leadignite.security.ratelimit.RateLimitRejections;
import com.leadignite.security.ratelimit.RouteGroup;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;

/**
 * {@code POST /webhooks/{provider}/{endpoint_id}}: public (the signature is the authentication). Known
 * event types answer 200 once stored, unknown ones 202 (a bounded excerpt stored, ignored), unusable
 * payloads 202 (stored as skipped). Every refusal is audited ({@code webhook_rejected}) and counted;
 * delivery-limit refusals like every rate limit.
 */
@RestController
public class WebhookReceiverController {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiverController.class);

    private final WebhookReceiver receiver;
    private final AuditWriter audit;
    private final MeterRegistry meters;
    private final RateLimitRejections rateLimits;
    private final DelegatingErrorRenderer errors;

    /** The storage quota frees up only as the purge deletes events: no point in retrying within minutes. */
    static final long QUOTA_RETRY_AFTER_SECONDS = 3600;

    public WebhookReceiverController(WebhookReceiver receiver, AuditWriter audit, MeterRegistry meters,
                                     RateLimitRejections rateLimits, DelegatingErrorRenderer errors) {
        this.errors = errors;
        this.receiver = receiver;
        this.audit = audit;
        this.meters = meters;
        this.rateLimits = rateLimits;
    }

    @PostMapping("/webhooks/{provider}/{endpointId}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String provider, @PathVariable UUID endpointId,
                                                       HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String providerTag = Provider.parse(provider).map(Enum::name).orElse("unknown");
        try {
            WebhookReceiver.Accepted accepted = receiver.receive(provider, endpointId, request::getHeader,
                    request.getContentLengthLong(), request.getInputStream());
            boolean queued = accepted.status().equals("pending");
            meters.counter("leadignite.webhooks.received", "provider", providerTag,
                    "outcome", queued ? "stored" : accepted.status()).increment();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event_id", accepted.eventId());
            body.put("status", queued ? "queued" : accepted.status());
            return ResponseEntity.status(queued ? HttpStatus.OK : HttpStatus.ACCEPTED).body(body);
        } catch (WebhookRateLimitedException e) {
            // Counted and audited like every rate limit: at most one audit row per bucket and window.
            RateLimitHeaders.add(response, e.policy(), e.limit(), e.probe());
            throw rateLimits.exceeded(RouteGroup.WEBHOOKS, e.policy(), e.probe(),
                    new RateLimitRejections.Subject(e.bucketKey(), null, null), e.limit().window());
        } catch (WebhookRejectedException e) {
            meters.counter("leadignite.webhooks.rejected", "provider", providerTag, "reason", e.reason()).increment();
            auditRejection(e, providerTag, endpointId);
            throw problem(e);
        }
    }

    /**
     * An endpoint id that is not a UUID names no endpoint: the same 404 as an unknown one, counted and
     * audited as the same rejection (a sender's typo and a scan look alike to the alerts either way).
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> malformedEndpoint(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String provider = String.valueOf(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars
                ? vars.get("provider") : null);
        String providerTag = Provider.parse(provider).map(Enum::name).orElse("unknown");
        WebhookRejectedException rejected = new WebhookRejectedException(HttpStatus.NOT_FOUND, "unknown_endpoint", null);
        meters.counter("leadignite.webhooks.rejected", "provider", providerTag, "reason", rejected.reason()).increment();
        auditRejection(rejected, providerTag, null);
        return errors.render(problem(rejected), request);
    }

    private void auditRejection(WebhookRejectedException e, String provider, UUID entity) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("reason", e.reason());
        details.put("status", e.status().value());
        try {
            audit.recordRejection(
                    AuditEvent.of(AuditEvent.Outcome.denied, e.orgId(), null, "webhook_rejected", "webhook_endpoint",
                            entity, details));
        } catch (RuntimeException auditFailure) {
            // The refusal stands either way; the failure itself is visible in the logs and metrics.
            meters.counter("leadignite.webhooks.audit_failures").increment();
            log.warn("webhook rejection could not be audited (reason {})", e.reason());
        }
    }

    /** The answer to a refused delivery: a generic text per status, nothing about which check failed beyond it. */
    static ApiException problem(WebhookRejectedException e) {
        String slug;
        String detail;
        switch (e.status()) {
            case NOT_FOUND -> {
                slug = "not-found";
                detail = "The resource was not found.";
            }
            case UNAUTHORIZED -> {
                slug = "invalid-signature";
                detail = "The webhook signature is missing or does not verify.";
            }
            case CONFLICT -> {
                slug = "webhook-replay";
                detail = "This message was already received.";
            }
            case TOO_MANY_REQUESTS -> {
                slug = "webhook-storage-quota";
                detail = "The organization's webhook storage quota is used up. Older events are purged after the retention period.";
            }
            case SERVICE_UNAVAILABLE -> {
                slug = "temporary-reduced-capacity";
                detail = "The service is busy. Try again shortly.";
            }
            case CONTENT_TOO_LARGE -> {
                slug = "payload-too-large";
                detail = "The request body is too large.";
            }
            default -> {
                boolean timestamp = e.reason().endsWith("timestamp");
                slug = timestamp ? "invalid-timestamp" : "bad-request";
                detail = timestamp ? "The webhook timestamp is outside the accepted window."
                        : "The webhook payload is not valid JSON.";
            }
        }
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            return new ApiException(e.status(), CapacityExceededException.PROBLEM_TYPE, detail).retryAfter(1);
        }
        ApiException problem = new ApiException(e.status(), slug, detail);
        return e.status() == HttpStatus.TOO_MANY_REQUESTS ? problem.retryAfter(QUOTA_RETRY_AFTER_SECONDS) : problem;
    }
}
