package com.leadignite.webhooks.receive;

import java.time.Duration;
import java.util.UUID;

/**
 * Remembers message ids per endpoint for at least the timestamp tolerance. {@link #firstSeen} runs
 * inside the transaction that stores the event, so the database implementation commits or rolls back
 * with it.
 */
public interface ReplayGuard {

    /** True exactly once per (endpoint, message id) within the retention. */
    boolean firstSeen(UUID orgId, UUID endpointId, String messageId, Duration retention);

    /** Undo a {@link #firstSeen} whose event could not be stored, so the sender's retry is not refused. */
    void forget(UUID endpointId, String messageId);

    /** Whether expired ids must be purged from the database. */
    boolean databaseBacked();
}
