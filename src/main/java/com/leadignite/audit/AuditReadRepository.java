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
    private final JsonMapper json;

    AuditReadRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<AuditEventResource> list(UUID orgId, AuditQuery q, int limit, long offset) {
        return bind(jdbc.sql("""
                select id, occurred_at, org_id, actor_id, host(actor_ip) as actor_ip, request_id, action, entity_type,
                       entity_id, outcome, details::text as details
                  from public.audit_events""" + FILTERS + " order by seq desc limit :limit offset :offset"), orgId, q)
                .param("limit", limit).param("offset", offset)
                .query(this::map).list();
    }

    long count(UUID orgId, AuditQuery q) {
        return bind(jdbc.sql("select count(*) from public.audit_events" + FILTERS), orgId, q).query(Long.class).single();
    }

    /**
     * One slice of the chain: the rows with {@code afterPos < chain_pos <= uptoPos}, in chain order.
     * {@code prevHash} is the stored hash of the last row before the slice (null at the start of the
     * chain). Each row is checked on its own: its stored hash must be the hash of its content and its
     * stored {@code prev_hash} ({@code hash_mismatch} otherwise), and that {@code prev_hash} must be the
     * stored hash of the row before it ({@code link_mismatch} otherwise). Every row passing both is the
     * whole chain verifying, so the expensive part (one SHA-256 per row) needs no order and can run in
     * parallel workers; only the cheap link check walks the window in order. Returns the slice's row count, its
     * last position, id and hash, and its first broken row.
     */
    record Slice(long rows, long lastPos, UUID lastId, byte[] lastHash, UUID firstBrokenId, String reason) {
    }

    Slice checkSlice(UUID orgId, long afterPos, long uptoPos, byte[] prevHash) {
        // altered: no order, so PostgreSQL may hash in parallel workers (an aggregate over the range; the
        // "+ 0" keeps min() from becoming an ordered index walk, which would be serial).
        // linked: the window reads stored hashes only, cheap, along the index in chain order.
        return jdbc.sql("""
                with altered as (
                  select min(a.chain_pos + 0) as pos
                    from public.audit_events a
                   where a.org_id = :org and a.chain_pos > :after and a.chain_pos <= :upto
                     and a.hash is distinct from public.audit_event_hash(a.prev_hash, a)
                ), linked as (
                  select a.chain_pos, a.id, a.hash,
                         a.prev_hash is distinct from case when row_number() over w = 1 then cast(:prev as bytea)
                                                           else lag(a.hash) over w end as unlinked
                    from public.audit_events a
                   where a.org_id = :org and a.chain_pos > :after and a.chain_pos <= :upto
                  window w as (order by a.chain_pos)
                ), first as (
                  select least((select pos from altered), (select min(chain_pos) from linked where unlinked)) as pos
                ), last as (
                  select chain_pos, id, hash from linked order by chain_pos desc limit 1
                )
                select (select count(*) from linked), (select chain_pos from last), (select id from last),
                       (select hash from last), (select l.id from linked l, first f where l.chain_pos = f.pos),
                       (select case when f.pos = (select pos from altered) then 'hash_mismatch' else 'link_mismatch' end
                          from first f where f.pos is not null)""")
                .param("org", orgId).param("after", afterPos).param("upto", uptoPos).param("prev", prevHash)
                .query((rs, n) -> new Slice(rs.getLong(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getBytes(4),
                        rs.getObject(5, UUID.class), rs.getString(6)))
                .single();
    }

    /** The first and last chain positions of the org's rows ({@code {0, 0}} when it has none). */
    long[] chainBounds(UUID orgId) {
        return jdbc.sql("select coalesce(min(chain_pos), 0), coalesce(max(chain_pos), 0) from public.audit_events"
                        + " where org_id = :org")
                .param("org", orgId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** The lowest chain position above {@code afterPos}, {@link Long#MAX_VALUE} when there is none. */
    long nextPosition(UUID orgId, long afterPos) {
        return jdbc.sql("select coalesce(min(chain_pos), 9223372036854775807) from public.audit_events"
                        + " where org_id = :org and chain_pos > :after")
                .param("org", orgId).param("after", afterPos).query(Long.class).single();
    }

    /** The orgs that have an audit chain (claims {@code service_audit_verify} without an org). */
    List<UUID> chainOrgs() {
        return jdbc.sql("select public.audit_chain_orgs()").query(UUID.class).list();
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

    private AuditEventResource map(ResultSet rs, int n) throws SQLException {
        return new AuditEventResource(rs.getObject("id", UUID.class), rs.getObject("occurred_at", OffsetDateTime.class),
                rs.getObject("org_id", UUID.class), rs.getObject("actor_id", UUID.class), rs.getString("actor_ip"),
                rs.getString("request_id"), rs.getString("action"), rs.getString("entity_type"),
                rs.getString("entity_id"), rs.getString("outcome"), json.readValue(rs.getString("details"), MAP));
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
