package com.leadignite.audit;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import com.leadignite.db.ConnectionScope;
import com.leadignite.db.DbContext;
import com.leadignite.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to the audit log. {@link #record} joins the caller's transaction, so a data change and its
 * audit row commit or roll back together; {@link #recordIndependently} commits on its own, for events
 * whose surrounding work fails (a denied request, a failed sign-in) but must still leave a trace.
 *
 * <p>An independent row is never written while the calling thread holds a pooled connection: that
 * would need a second one, and a burst of denials larger than the pool would then wait on itself.
 * Called inside a transaction, the row is written right after that transaction ends and its connection
 * is back in the pool ({@link ConnectionScope}), whether it committed or rolled back. The row is written
 * under the audit component's own claims ({@value #AUDIT_SERVICE}), which may only append audit rows.
 *
 * <p>The request id and client IP come from the logging context the request filters fill in
 * ({@value #MDC_REQUEST_ID}, {@value #MDC_CLIENT_IP}); they are taken when the event is recorded.
 */
@Component
public class AuditWriter {

    public static final String MDC_REQUEST_ID = RequestIds.MDC_KEY;
    public static final String MDC_CLIENT_IP = RequestIds.MDC_CLIENT_IP;

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api_?key|authorization|cookie|private|credential|signature).*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Claims of independent audit writes; the audit table's insert policy is all they pass. */
    static final String AUDIT_SERVICE = "{\"role\":\"service_audit\"}";

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate independent;
    private final Counter failures;
    private final RepeatedRejections rejections;

    public AuditWriter(JdbcClient jdbc, PlatformTransactionManager txm, MeterRegistry meters, Clock clock,
                       AuditProperties props) {
        this.jdbc = jdbc;
        this.rejections = new RepeatedRejections(this::recordIndependently, clock, props);
        this.independent = new TransactionTemplate(txm);
        this.failures = Counter.builder("leadignite.audit.write_failures")
                .description("Independent audit rows that could not be written").register(meters);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEvent e) {
        insert(e, MDC.get(MDC_CLIENT_IP), RequestIds.current());
    }

    /**
     * Commits {@code e} on its own: now when the caller holds no connection, else right after the
     * caller's transaction ends. A row that cannot be written is logged and counted, never thrown: the
     * refusal it records stands either way.
     */
    public void recordIndependently(AuditEvent... events) {
        String ip = MDC.get(MDC_CLIENT_IP);
        String requestId = RequestIds.current();
        List<AuditEvent> batch = List.of(events);
        if (!ConnectionScope.whenReleased(() -> writeIndependently(batch, ip, requestId))) {
            batch.forEach(e -> failed(e, "backlog full"));
        }
    }

    /**
     * Like {@link #recordIndependently}, for rejections an outsider can repeat at will (bad webhook
     * signatures, unknown endpoints, failed sign-ins): repeats from one source within
     * {@code leadignite.audit.repeat-window} become one row with their count ({@link RepeatedRejections}).
     */
    public void recordRejection(AuditEvent e) {
        rejections.record(e);
    }

    /** Writes the counts of repeat windows that have ended by {@code asOf} (scheduled; tests pass a later time). */
    public void flushRejections(Instant asOf) {
        rejections.flush(asOf);
    }

    @Scheduled(fixedDelay = 1_000)
    void flushEndedRejections() {
        rejections.flush(rejections.now());
    }

    /** Counts of windows still open are written at shutdown rather than lost. */
    @PreDestroy
    void flushAllRejections() {
        rejections.flush(Instant.MAX);
    }

    /** The one place independent rows are written (in one transaction); refuses to run inside another. */
    void writeIndependently(List<AuditEvent> batch, String ip, String requestId) {
        if (ConnectionScope.holdsConnection() || TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an independent audit write must not run inside a transaction");
        }
        try {
            DbContext.runAs(AUDIT_SERVICE, () -> independent.executeWithoutResult(
                    s -> batch.forEach(e -> insert(e, ip, requestId))));
        } catch (RuntimeException ex) {
            batch.forEach(e -> failed(e, ex.getClass().getSimpleName()));
        }
    }

    private void failed(AuditEvent e, String why) {
        failures.increment();
        log.error("audit row {} / {} for org {} could not be written: {}", e.action(), e.entityType(), e.orgId(), why);
    }

    private void insert(AuditEvent e, String ip, String requestId) {
        // No RETURNING: reading the row back is an admin-only privilege under the table's policies.
        jdbc.sql("""
                insert into public.audit_events
                  (org_id, actor_id, actor_ip, request_id, action, entity_type, entity_id, outcome, details)
                values (:org, :actor, cast(:ip as inet), :rid, :action, :type, :eid, :outcome, cast(:details as jsonb))""")
                .param("org", e.orgId())
                .param("actor", e.actorId())
                .param("ip", ip == null || ip.isBlank() ? null : ip)
                .param("rid", requestId)
                .param("action", e.action())
                .param("type", e.entityType())
                .param("eid", e.entityId())
                .param("outcome", e.outcome().name())
                .param("details", JSON.writeValueAsString(scrub(e.details())))
                .update();
    }

    /** Drops anything whose key names a secret, at any depth. */
    static Map<String, Object> scrub(Map<String, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (in == null) {
            return out;
        }
        in.forEach((k, v) -> {
            if (k == null || SECRET_KEY.matcher(k).matches()) {
                return;
            }
            out.put(k, scrubValue(v));
        });
        return out;
    }

    private static Object scrubValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> sm = (Map<String, ?>) m;
            return scrub(sm);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(AuditWriter::scrubValue).toList();
        }
        return v;
    }
}
