package com.leadignite.webhooks.receive;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.web.ApiException;
import com.leadignite.webhooks.Ids;
import com.leadignite.webhooks.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import com.leadignite.security.ratelimit.RateLimitHeaders;
import com.leadignite.security.resources.CapacityExceededHandler;
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
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

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

    /** The storage quota frees up only as the purge deletes events: no point in retrying within minutes. */
    static final long QUOTA_RETRY_AFTER_SECONDS = 3600;

    public WebhookReceiverController(WebhookReceiver receiver, AuditWriter audit, MeterRegistry meters,
                                     RateLimitRejections rateLimits) {
        this.receiver = receiver;
        this.audit = audit;
        this.meters = meters;
        this.rateLimits = rateLimits;
    }

    @PostMapping("/webhooks/{provider}/{endpointId}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String provider, @PathVariable String endpointId,
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
            rateLimits.reject(request, response, RouteGroup.WEBHOOKS, e.policy(), e.probe(),
                    new RateLimitRejections.Subject(e.bucketKey(), null, null), e.limit().window());
            return null;
        } catch (WebhookRejectedException e) {
            meters.counter("leadignite.webhooks.rejected", "provider", providerTag, "reason", e.reason()).increment();
            auditRejection(e, providerTag, endpointId);
            return problem(e, request.getRequestURI());
        }
    }

    private void auditRejection(WebhookRejectedException e, String provider, String endpointId) {
        UUID entity = Ids.parse(endpointId).orElse(null);
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

    private static ResponseEntity<Map<String, Object>> problem(WebhookRejectedException e, String instance) {
        String slug;
        String title;
        String detail;
        switch (e.status()) {
            case NOT_FOUND -> {
                slug = "not-found";
                title = "Not Found";
                detail = "The resource was not found.";
            }
            case UNAUTHORIZED -> {
                slug = "invalid-signature";
                title = "Unauthorized";
                detail = "The webhook signature is missing or does not verify.";
            }
            case CONFLICT -> {
                slug = "webhook-replay";
                title = "Conflict";
                detail = "This message was already received.";
            }
            case TOO_MANY_REQUESTS -> {
                slug = "webhook-storage-quota";
                title = "Too Many Requests";
                detail = "The organization's webhook storage quota is used up. Older events are purged after the retention period.";
            }
            case SERVICE_UNAVAILABLE -> {
                slug = "temporary-reduced-capacity";
                title = "Service Unavailable";
                detail = "The service is busy. Try again shortly.";
            }
            case CONTENT_TOO_LARGE -> {
                slug = "payload-too-large";
                title = "Content Too Large";
                detail = "The request body is too large.";
            }
            default -> {
                boolean timestamp = e.reason().endsWith("timestamp");
                slug = timestamp ? "invalid-timestamp" : "bad-request";
                title = "Bad Request";
                detail = timestamp ? "The webhook timestamp is outside the accepted window."
                        : "The webhook payload is not valid JSON.";
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.status() == HttpStatus.SERVICE_UNAVAILABLE ? CapacityExceededHandler.PROBLEM_TYPE
                : ApiException.TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", e.status().value());
        body.put("detail", detail);
        body.put("instance", instance);
        String requestId = MDC.get(AuditWriter.MDC_REQUEST_ID);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.status() == HttpStatus.TOO_MANY_REQUESTS) {
            answer.header("Retry-After", Long.toString(QUOTA_RETRY_AFTER_SECONDS));
        } else if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            answer.header("Retry-After", "1");
        }
        return answer.body(body);
    }
}
