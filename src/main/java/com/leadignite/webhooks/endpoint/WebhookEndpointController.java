package com.leadignite.webhooks.endpoint;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageQuery;
import com.leadignite.web.PageResponse;
import com.leadignite.web.SortSpec;
import com.leadignite.webhooks.Provider;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/webhook-endpoints}: admins of an org, with a recent password sign-in (step-up). */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
public class WebhookEndpointController {

    public record CreateRequest(String provider) {
    }

    /** An endpoint as listed: never a secret. */
    public record EndpointView(UUID id, String provider, String url, Instant createdAt, Instant rotatedAt,
                               Instant previousSecretExpiresAt) {
    }

    /** Create and rotate: the only responses that carry the secret. */
    public record IssuedView(UUID id, String provider, String url, String secret, Instant createdAt,
                             Instant rotatedAt, Instant previousSecretExpiresAt) {
    }

    private final WebhookEndpointService service;
    private final WebhookEventListing events;

    public WebhookEndpointController(WebhookEndpointService service, WebhookEventListing events) {
        this.service = service;
        this.events = events;
    }

    @PostMapping
    public ResponseEntity<IssuedView> create(@RequestBody CreateRequest body) {
        AuthenticatedUser admin = service.requireAdmin(CurrentUser.get(), "create", null);
        Provider provider = Optional.ofNullable(body == null ? null : body.provider()).flatMap(Provider::parse)
                .orElseThrow(() -> FieldErrorException.of("provider", "must be one of vapi, ghl, elevenlabs"));
        WebhookEndpointService.IssuedEndpoint issued = service.create(admin, provider);
        return ResponseEntity.created(URI.create("/api/v1/webhook-endpoints/" + issued.endpoint().id()))
                .body(issued(issued));
    }

    @GetMapping
    public PageResponse<EndpointView> list(@RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "20") int size) {
        PageResponse<WebhookEndpointRepository.EndpointRow> rows = service.list(CurrentUser.get(), page, size);
        return new PageResponse<>(rows.items().stream()
                .map(e -> new EndpointView(e.id(), e.provider().name(), service.url(e), e.createdAt(), e.rotatedAt(),
                        e.previousSecretExpiresAt()))
                .toList(), rows.page(), rows.size(), rows.total());
    }

    /** The endpoint's events, newest first by default; metadata and reasons only, never payloads. */
    @GetMapping("/{id}/events")
    public PageResponse<WebhookEventReadRepository.EventRow> events(@PathVariable UUID id,
                                                                    @RequestParam(required = false) Integer page,
                                                                    @RequestParam(required = false) Integer size,
                                                                    @RequestParam(required = false) String sort,
                                                                    @RequestParam(required = false) String status) {
        return events.list(CurrentUser.get(), id, status, PageQuery.of(page, size),
                SortSpec.parse(sort, WebhookEventListing.SORTABLE, "received_at", SortSpec.Direction.desc));
    }

    @PostMapping("/{id}/rotate")
    public IssuedView rotate(@PathVariable UUID id) {
        return issued(service.rotate(CurrentUser.get(), id));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(CurrentUser.get(), id);
        return ResponseEntity.noContent().build();
    }

    private IssuedView issued(WebhookEndpointService.IssuedEndpoint issued) {
        WebhookEndpointRepository.EndpointRow e = issued.endpoint();
        return new IssuedView(e.id(), e.provider().name(), service.url(e), issued.secret(), e.createdAt(),
                e.rotatedAt(), e.previousSecretExpiresAt());
    }
}
