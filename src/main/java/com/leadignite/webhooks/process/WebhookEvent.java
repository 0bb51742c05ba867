package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A stored event as handlers see it. {@code orgId} is always the endpoint's, never from the payload. */
public record WebhookEvent(UUID id, UUID orgId, UUID endpointId, Provider provider, String eventType,
                           JsonNode payload, Instant receivedAt) {
}
