package com.leadignite.security;

import java.util.Map;
import java.util.UUID;

/**
 * What the request pipeline refused, published as an application event: the audit log records it
 * (in {@code audit}, which sits above this package), so nothing here writes audit rows itself.
 * Listeners run on the publishing thread, inside or after the refused request's transaction as the
 * audit writer decides.
 */
public sealed interface SecurityEvent {

    /**
     * An authorization refusal (403, or the 404 of an id the caller cannot see): action
     * {@code access_denied}. {@code probedOrgId} is set when the id belongs to another org, whose own
     * log then records the probe too (without the prober's user id).
     */
    record AccessDenied(UUID orgId, UUID actorId, String entityType, Object entityId, Map<String, Object> details,
                        UUID probedOrgId) implements SecurityEvent {
    }

    /** A rate limit refused a request (at most once per bucket and window): action {@code rate_limited}. */
    record RateLimited(String group, String policy, UUID orgId, UUID userId) implements SecurityEvent {
    }
}
