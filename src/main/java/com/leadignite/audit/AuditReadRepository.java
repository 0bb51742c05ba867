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

    /**
     * One slice of the chain: up to {@code limit} rows after position {@code afterPos}, in chain order.
     * {@code prevHash} is the hash of the row before the slice (null at the start of the chain).
     * Returns the slice's row count, its last position, id and hash, and its first row whose content no
     * longer matches its hash ({@code hash_mismatch}) or that does not link to the row before it
     * ({@code link_mismatch}).
     */
    record Slice(long rows, long lastPos, UUID lastId, byte[] lastHash, UUID firstBrokenId, String reason) {
    }

    Slice checkSlice(UUID orgId, long afterPos, byte[] prevHash, int limit) {
        return jdbc.sql("""
                with slice as materialized (
                  select a.chain_pos, a.id, a.hash, a.prev_hash, a as e
                    from public.audit_events a
                   where a.org_id = :org and a.chain_pos > :after
                   order by a.chain_pos
                   limit :limit
                ), checked as (
                  select s.chain_pos, s.id, s.hash, s.prev_hash,
                         s.hash is distinct from public.audit_event_hash(s.prev_hash, s.e) as altered
                    from slice s
                ), linked as (
                  select s.*, case when row_number() over w = 1 then cast(:prev as bytea)
                                   else lag(s.hash) over w end as prev_stored
                    from checked s
                  window w as (order by s.chain_pos)
                ), broken as (
                  select id, case when altered then 'hash_mismatch' else 'link_mismatch' end as reason
                    from linked
                   where altered or prev_hash is distinct from prev_stored
                   order by chain_pos limit 1
                ), last as (
                  select chain_pos, id, hash from slice order by chain_pos desc limit 1
                )
                select (select count(*) from slice), (select chain_pos from last), (select id from last),
                       (select hash from last), (select id from broken), (select reason from broken)""")
                .param("org", orgId).param("after", afterPos).param("prev", prevHash).param("limit", limit)
                .query((rs, n) -> new Slice(rs.getLong(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getBytes(4),
                        rs.getObject(5, UUID.class), rs.getString(6)))
                .single();
    }

    /** Verification runs many short, similar statements: compiling each one (JIT) costs more than it saves. */
    void withoutJit() {
        jdbc.sql("select set_config('jit', 'off', true)").query(String.class).single();
    }

    /** How many rows the org's chain has. */
    long chainLength(UUID orgId) {
        return jdbc.sql("select count(*) from public.audit_events where org_id = :org")
                .param("org", orgId).query(Long.class).single();
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
