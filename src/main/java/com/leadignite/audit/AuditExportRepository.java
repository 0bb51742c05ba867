package com.leadignite.audit;

import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of the audit chain for {@code GET /api/v1/audit-events/export}, as the calling admin (row-level security). */
@Repository
class AuditExportRepository {

    /** One row as exported: everything {@code public.audit_event_hash} covers, plus its chain position and hashes. */
    record Row(UUID id, long chainPos, OffsetDateTime occurredAt, UUID orgId, UUID actorId, String actorIp,
               String requestId, String action, String entityType, String entityId, String outcome,
               String detailsText, String prevHash, String hash) {
    }

    private final JdbcClient jdbc;

    AuditExportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The chain positions to export: from the first row at or after {@code from} to the last row before
     * {@code to} (either bound open when null), taken once so rows appended during the export are left
     * out. Everything between the two is exported, so the exported chain has no gap even where concurrent
     * writers made {@code occurred_at} and chain order differ by a moment. {@code {1, 0}} when there is nothing.
     */
    long[] range(UUID orgId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("""
                select coalesce(min(chain_pos), 1), coalesce(max(chain_pos), 0) from public.audit_events
                 where org_id = :org
                   and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
                   and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))""")
                .param("org", orgId).param("from", from).param("to", to)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** Up to {@code limit} rows with {@code afterPos < chain_pos <= uptoPos}, in chain order. */
    List<Row> page(UUID orgId, long afterPos, long uptoPos, int limit) {
        HexFormat hex = HexFormat.of();
        return jdbc.sql("""
                select id, chain_pos, occurred_at, org_id, actor_id, host(actor_ip) as actor_ip, request_id, action,
                       entity_type, entity_id, outcome, details::text as details, prev_hash, hash
                  from public.audit_events
                 where org_id = :org and chain_pos > :after and chain_pos <= :upto
                 order by chain_pos limit :limit""")
                .param("org", orgId).param("after", afterPos).param("upto", uptoPos).param("limit", limit)
                .query((rs, n) -> {
                    byte[] prev = rs.getBytes("prev_hash");
                    byte[] hash = rs.getBytes("hash");
                    return new Row(rs.getObject("id", UUID.class), rs.getLong("chain_pos"),
                            rs.getObject("occurred_at", OffsetDateTime.class), rs.getObject("org_id", UUID.class),
                            rs.getObject("actor_id", UUID.class), rs.getString("actor_ip"), rs.getString("request_id"),
                            rs.getString("action"), rs.getString("entity_type"), rs.getString("entity_id"),
                            rs.getString("outcome"), rs.getString("details"), prev == null ? null : hex.formatHex(prev),
                            hash == null ? null : hex.formatHex(hash));
                }).list();
    }
}
