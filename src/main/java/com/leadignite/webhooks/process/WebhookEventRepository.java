package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The durable inbox. Every method runs in a transaction under the claims of the event's org. */
@Repository
public class WebhookEventRepository {

    public record Due(UUID id, UUID orgId) {
    }

    public record StoredEvent(UUID id, UUID orgId, UUID endpointId, Provider provider, String messageId,
                              String eventType, String payload, Instant receivedAt, int attempts) {
    }

    private final JdbcClient jdbc;

    public WebhookEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a delivery once; empty when (endpoint, message id) is already stored. {@code status} is
     * {@code pending}, {@code ignored} or {@code skipped} (the last two are done on arrival).
     */
    public Optional<UUID> insert(UUID orgId, UUID endpointId, Provider provider, String messageId, String eventType,
                                 String payloadJson, String status, String note, int storedBytes) {
        return jdbc.sql("""
                insert into public.webhook_events
                  (org_id, endpoint_id, provider, message_id, event_type, payload, status, processed_at, error,
                   stored_bytes)
                values (:org, :endpoint, :provider, :message, :type, cast(:payload as jsonb), :status,
                        case when :status <> 'pending' then now() end, :note, :bytes)
                on conflict (endpoint_id, message_id) do nothing
                returning id""")
                .param("org", orgId).param("endpoint", endpointId).param("provider", provider.name())
                .param("message", messageId).param("type", eventType).param("payload", payloadJson)
                .param("status", status).param("note", note).param("bytes", storedBytes)
                .query(UUID.class).optional();
    }

    /**
     * Adds {@code bytes} to the org's stored total unless that would pass {@code quota}; false when it
     * would. One conditional upsert, so concurrent deliveries of one org queue on its row and can never
     * overshoot together.
     */
    public boolean reserveStorage(UUID orgId, int bytes, long quota) {
        return jdbc.sql("""
                insert into public.webhook_storage_usage as u (org_id, bytes) values (:org, :bytes)
                on conflict (org_id) do update set bytes = u.bytes + excluded.bytes, updated_at = now()
                 where u.bytes + excluded.bytes <= :quota
                returning bytes""")
                .param("org", orgId).param("bytes", (long) bytes).param("quota", quota)
                .query(Long.class).optional().isPresent();
    }

    /** Deletes at most {@code limit} handled events older than the retention, returning their bytes to their orgs. */
    public int purge(long retentionSeconds, int limit) {
        return jdbc.sql("select public.webhook_events_purge(:seconds, :limit)")
                .param("seconds", (int) Math.min(Integer.MAX_VALUE, retentionSeconds)).param("limit", limit)
                .query(Integer.class).single();
    }

    /** Pending events of every org that are due (ids and orgs only, through a definer function). */
    public List<Due> due(int limit) {
        return jdbc.sql("select id, org_id from public.webhook_events_due(:limit)")
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class)))
                .list();
    }

    /** Locks a pending event for this worker; empty if another worker holds it or it is done. */
    public Optional<StoredEvent> lockPending(UUID id) {
        return jdbc.sql("""
                select id, org_id, endpoint_id, provider, message_id, event_type, payload::text as payload,
                       received_at, attempts
                  from public.webhook_events
                 where id = :id and status = 'pending'
                   for update skip locked""")
                .param("id", id)
                .query((rs, n) -> new StoredEvent(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class), Provider.valueOf(rs.getString("provider")),
                        rs.getString("message_id"), rs.getString("event_type"), rs.getString("payload"),
                        rs.getObject("received_at", java.time.OffsetDateTime.class).toInstant(), rs.getInt("attempts")))
                .optional();
    }

    public void finish(UUID id, String status, String note) {
        jdbc.sql("""
                update public.webhook_events
                   set status = :status, processed_at = now(), error = :note, attempts = attempts + 1
                 where id = :id""")
                .param("id", id).param("status", status).param("note", note).update();
    }

    /** A failed attempt: retried later, or marked failed after the last attempt. */
    public void failAttempt(UUID id, int maxAttempts, Instant nextAttempt, String error) {
        jdbc.sql("""
                update public.webhook_events
                   set attempts = attempts + 1, error = :error,
                       status = case when attempts + 1 >= :max then 'failed' else 'pending' end,
                       next_attempt_at = :next
                 where id = :id and status = 'pending'""")
                .param("id", id).param("error", error).param("max", maxAttempts)
                .param("next", Timestamp.from(nextAttempt)).update();
    }
}
