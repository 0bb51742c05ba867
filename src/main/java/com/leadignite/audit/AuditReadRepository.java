package com.leadignite.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads of the audit log as the calling admin: row-level security already limits them to the caller's
 * org; the explicit {@code org_id} filter keeps the plan on the (org_id, ...) indexes.
 */
@Repository
class AuditReadRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    // Each filter is a fixed SQL fragment with a named parameter; request text is only ever a parameter value.
    private static final String FILTERS = """
             where org_id = :org
               and (cast(:actor as uuid) is null or actor_id = cast(:actor as uuid))
               and (cast(:action as text) is null or action = cast(:action as text))
               and (cast(:etype as text) is null or entity_type = cast(:etype as text))
               and (cast(:eid as text) is null or entity_id = cast(:eid as text))
               and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
               and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))
            """;

    private final JdbcClient jdbc;

    AuditReadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AuditEventResource> list(UUID orgId, AuditQuery q, int limit, long offset) {
        return bind(jdbc.sql("""
                select id, occurred_at, org_id, actor_id, host(actor_ip) as actor_ip, request_id, action, entity_type,
                       entity_id, outcome, details::text as details
                  from public.audit_events""" + FILTERS + " order by seq desc limit :limit offset :offset"), orgId, q)
                .param("limit", limit).param("offset", offset)
                .query(AuditReadRepository::map).list();
    }

    long count(UUID orgId, AuditQuery q) {
        return bind(jdbc.sql("select count(*) from public.audit_events" + FILTERS), orgId, q).query(Long.class).single();
    }

    /** Row count and the first row (by seq) whose hash or link does not re-compute, in one pass. */
    record ChainCheck(long checked, UUID firstBrokenId, String reason, byte[] lastHash, UUID lastId) {
    }

    ChainCheck check(UUID orgId) {
        return jdbc.sql("""
                with chain as (
                  select a.seq, a.id, a.hash, a.prev_hash,
                         lag(a.hash) over (order by a.seq) as prev_stored,
                         public.audit_event_hash(lag(a.hash) over (order by a.seq), a) as expected
                    from public.audit_events a
                   where a.org_id = :org
                ), broken as (
                  select id, case when hash is distinct from expected then 'hash_mismatch' else 'link_mismatch' end as reason
                    from chain
                   where hash is distinct from expected or prev_hash is distinct from prev_stored
                   order by seq limit 1
                ), last as (
                  select id, hash from chain order by seq desc limit 1
                )
                select (select count(*) from chain), (select id from broken), (select reason from broken),
                       (select hash from last), (select id from last)""")
                .param("org", orgId)
                .query((rs, n) -> new ChainCheck(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getBytes(4), rs.getObject(5, UUID.class)))
                .single();
    }

    /** The recorded head of the caller's chain (null when the org has no rows yet). */
    byte[] chainHead() {
        return jdbc.sql("select public.audit_chain_head()")
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getBytes(1))).single().orElse(null);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, UUID orgId, AuditQuery q) {
        return spec.param("org", orgId)
                .param("actor", q.actorId())
                .param("action", q.action())
                .param("etype", q.entityType())
                .param("eid", q.entityId())
                .param("from", q.from())
                .param("to", q.to());
    }

    private static AuditEventResource map(ResultSet rs, int n) throws SQLException {
        return new AuditEventResource(rs.getObject("id", UUID.class), rs.getObject("occurred_at", OffsetDateTime.class),
                rs.getObject("org_id", UUID.class), rs.getObject("actor_id", UUID.class), rs.getString("actor_ip"),
                rs.getString("request_id"), rs.getString("action"), rs.getString("entity_type"),
                rs.getString("entity_id"), rs.getString("outcome"), JSON.readValue(rs.getString("details"), MAP));
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
