package com.leadignite.webhooks.endpoint;

import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageQuery;
import com.leadignite.web.PageResponse;
import com.leadignite.web.SortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import com.leadignite.db.Database;

/**
 * {@code GET /api/v1/webhook-endpoints/{id}/events}: an endpoint's events as processed, for the admins
 * of its org (with step-up, like every endpoint route). Another org's, a deleted or an unknown endpoint
 * is the same audited 404.
 */
@Service
public class WebhookEventListing {

    public static final List<String> STATUSES = List.of("pending", "processed", "skipped", "ignored", "failed");

    /** API field to column: constants only, {@link SortSpec} never lets the client's text through. */
    public static final Map<String, String> SORTABLE = Map.of(
            "received_at", "e.received_at", "processed_at", "e.processed_at", "attempts", "e.attempts");

    private final WebhookEndpointRepository endpoints;
    private final WebhookEventReadRepository events;
    private final Authorization denials;
    private final Database db;

    public WebhookEventListing(WebhookEndpointRepository endpoints, WebhookEventReadRepository events,
                               Authorization denials, Database db) {
        this.endpoints = endpoints;
        this.events = events;
        this.denials = denials;
        this.db = db;
    }

    /** The caller must be an admin with step-up; {@code status} null or one of {@link #STATUSES}. */
    public PageResponse<WebhookEventReadRepository.EventRow> list(AuthenticatedUser caller, UUID id, String status,
                                                                  PageQuery page, SortSpec sort) {
        denials.require(caller, Permission.WEBHOOK_ENDPOINT_ADMIN);
        if (status != null && !STATUSES.contains(status)) {
            throw FieldErrorException.of("status", "must be one of " + String.join(", ", STATUSES));
        }
        // The denial is audited after the read transaction ends: never two pooled connections at once.
        Optional<PageResponse<WebhookEventReadRepository.EventRow>> result = db.as(caller.claims()).read(() ->
                endpoints.find(id).filter(e -> e.orgId().equals(caller.orgId())).map(e -> new PageResponse<>(
                        events.page(caller.orgId(), id, status, page, sort), page.page(), page.size(),
                        events.count(caller.orgId(), id, status))));
        return result.orElseThrow(() -> denials.notFound(caller, WebhookEndpointService.ENTITY, id));
    }
}
