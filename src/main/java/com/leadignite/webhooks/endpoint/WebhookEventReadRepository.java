package com.leadignite.webhooks.endpoint;

import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an admin sees of an endpoint's events: processing metadata only. The payload column is never
 * selected, so no provider data can reach a response from here.
 */
@Repository
public class WebhookEventReadRepository {

    /** One event as listed; {@code reason} is the skip or failure reason (a fixed code, never payload text). */
    public record EventRow(UUID id, String provider, String eventType, String messageId, Instant receivedAt,
                           String status, String reason, int attempts, Instant processedAt, int storedBytes) {
    }

    private static final String COLUMNS = """
            e.id, e.provider, e.event_type, e.message_id, e.received_at, e.status, e.error, e.attempts,
            e.processed_at, e.stored_bytes""";

    private static final String WHERE = """
            e.org_id = :org and e.endpoint_id = :endpoint
            and (cast(:status as text) is null or e.status = cast(:status as text))""";

    private final JdbcClient jdbc;

    public WebhookEventReadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code status} null for every status; {@code sort} carries only allow-listed column text. */
    public List<EventRow> page(UUID orgId, UUID endpointId, String status, PageQuery page, SortSpec sort) {
        return jdbc.sql("select " + COLUMNS + " from public.webhook_events e where " + WHERE
                        + " order by " + sort.orderBy("e.id") + " limit :limit offset :offset")
                .param("org", orgId).param("endpoint", endpointId).param("status", status)
                .param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> new EventRow(rs.getObject("id", UUID.class), rs.getString("provider"),
                        rs.getString("event_type"), rs.getString("message_id"),
                        instant(rs.getObject("received_at", OffsetDateTime.class)), rs.getString("status"),
                        rs.getString("error"), rs.getInt("attempts"),
                        instant(rs.getObject("processed_at", OffsetDateTime.class)), rs.getInt("stored_bytes")))
                .list();
    }

    public long count(UUID orgId, UUID endpointId, String status) {
        return jdbc.sql("select count(*) from public.webhook_events e where " + WHERE)
                .param("org", orgId).param("endpoint", endpointId).param("status", status)
                .query(Long.class).single();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
