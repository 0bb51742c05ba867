package com.leadignite.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code public.alerts} table (migration V230). */
@Repository
class AlertRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            select id, org_id, rule, severity, state, first_seen, last_seen, resolved_at, count, details::text as details
              from public.alerts
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AlertRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The result of {@link #openOrBump}: the alert, and whether this call opened it. */
    record Upsert(Alert alert, UUID orgId, boolean opened) {
    }

    /**
     * Opens an alert for the subject, or, when one is open already (raised by any instance), adds {@code n}
     * to its count and moves {@code last_seen}. The partial unique index makes the two atomic.
     */
    Upsert openOrBump(Signal s, String subjectHash, long windowCount, int n, Map<String, Object> details) {
        return jdbc.sql("""
                insert into public.alerts (org_id, rule, severity, subject, first_seen, last_seen, count, details)
                values (:org, :rule, :severity, :subject, :at, :at, :count, cast(:details as jsonb))
                on conflict (rule, subject) where state = 'open'
                do update set count = public.alerts.count + :n,
                              last_seen = greatest(public.alerts.last_seen, excluded.last_seen)
                returning id, org_id, rule, severity, state, first_seen, last_seen, resolved_at, count,
                          details::text as details, (xmax = 0) as opened""")
                .param("org", s.orgId())
                .param("rule", s.rule().id())
                .param("severity", s.rule().severity().name())
                .param("subject", subjectHash)
                .param("at", OffsetDateTime.ofInstant(s.at(), ZoneOffset.UTC))
                .param("count", Math.max(1, windowCount))
                .param("details", json.writeValueAsString(details))
                .param("n", n)
                .query((rs, i) -> new Upsert(map(rs, i), rs.getObject("org_id", UUID.class), rs.getBoolean("opened")))
                .single();
    }

    /** Adds {@code n} to an open alert; false when it is no longer open (resolved meanwhile). */
    boolean bump(AlertRule rule, String subjectHash, int n, Instant at) {
        return jdbc.sql("""
                update public.alerts set count = count + :n, last_seen = greatest(last_seen, :at)
                 where rule = :rule and subject = :subject and state = 'open'""")
                .param("n", n).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("rule", rule.id()).param("subject", subjectHash)
                .update() > 0;
    }

    /** A resolved alert and the org it belongs to (null: deployment-wide). */
    record Resolved(Alert alert, UUID orgId, String subject) {
    }

    /**
     * Resolves every open alert quiet since {@code before}. Only the instance whose update changes a row
     * gets it back, so each resolution is announced once.
     */
    List<Resolved> resolveQuiet(Instant before, Instant now, int limit) {
        return jdbc.sql("""
                update public.alerts set state = 'resolved', resolved_at = :now
                 where id in (select id from public.alerts where state = 'open' and last_seen < :before
                               order by last_seen limit :limit for update skip locked)
                returning id, org_id, rule, severity, state, first_seen, last_seen, resolved_at, count,
                          details::text as details, subject""")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, i) -> new Resolved(map(rs, i), rs.getObject("org_id", UUID.class),
                        rs.getString("subject")))
                .list();
    }

    /** Open alerts per rule, for the {@code leadignite.alerts.open} gauge. */
    Map<String, Long> openByRule() {
        Map<String, Long> out = new java.util.HashMap<>();
        jdbc.sql("select rule, count(*) from public.alerts where state = 'open' group by rule")
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    /**
     * The org's alerts, newest first; with {@code deployment}, the deployment-wide ones too. Row-level
     * security limits an admin's own claims to the admin's org whatever the filter says.
     */
    List<Alert> list(UUID orgId, boolean deployment, String state, int limit, long offset) {
        return jdbc.sql(COLUMNS + """
                 where (org_id = :org or (cast(:deployment as boolean) and org_id is null))
                   and (cast(:state as text) is null or state = cast(:state as text))
                 order by last_seen desc, id limit :limit offset :offset""")
                .param("org", orgId).param("deployment", deployment).param("state", state)
                .param("limit", limit).param("offset", offset)
                .query(this::map).list();
    }

    long count(UUID orgId, boolean deployment, String state) {
        return jdbc.sql("""
                select count(*) from public.alerts
                 where (org_id = :org or (cast(:deployment as boolean) and org_id is null))
                   and (cast(:state as text) is null or state = cast(:state as text))""")
                .param("org", orgId).param("deployment", deployment).param("state", state)
                .query(Long.class).single();
    }

    private Alert map(ResultSet rs, int n) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getString("rule"), rs.getString("severity"),
                rs.getString("state"), rs.getObject("org_id", UUID.class) == null ? "deployment" : "org",
                rs.getObject("first_seen", OffsetDateTime.class), rs.getObject("last_seen", OffsetDateTime.class),
                rs.getObject("resolved_at", OffsetDateTime.class), rs.getLong("count"),
                json.readValue(rs.getString("details"), MAP));
    }
}
