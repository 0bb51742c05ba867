package com.leadignite.audit;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import com.leadignite.db.ConnectionScope;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
 * under the audit component's own claims ({@code service_audit}), which may only append audit rows.
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

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private final AuditLogRepository rows;
    private final Database db;
    private final JsonMapper json;
    private final Counter failures;
    private final RepeatedRejections rejections;
    private final ApplicationEventPublisher events;

    public AuditWriter(AuditLogRepository rows, Database db, JsonMapper json, MeterRegistry meters, Clock clock,
                       AuditProperties props, ApplicationEventPublisher events) {
        this.rows = rows;
        this.db = db;
        this.json = json;
        this.events = events;
        this.rejections = new RepeatedRejections(this::writeLater, clock, props);
        this.failures = Counter.builder("leadignite.audit.write_failures")
                .description("Independent audit rows that could not be written").register(meters);
    }

    public void record(AuditEvent e) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("an audit row is recorded in the transaction of the change it records");
        }
        insert(e, MDC.get(MDC_CLIENT_IP), RequestIds.current());
        published(e);
    }

    /**
     * Commits {@code e} on its own: now when the caller holds no connection, else right after the
     * caller's transaction ends. A row that cannot be written is logged and counted, never thrown: the
     * refusal it records stands either way.
     */
    public void recordIndependently(AuditEvent... events) {
        for (AuditEvent e : events) {
            published(e);
        }
        writeLater(events);
    }

    private void writeLater(AuditEvent... events) {
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
        published(e);
        rejections.record(e);
    }

    /** Every occurrence, merged into a row or not, is an {@link AuditRecorded} event (alerts, metrics). */
    private void published(AuditEvent e) {
        try {
            events.publishEvent(new AuditRecorded(e, MDC.get(MDC_CLIENT_IP)));
        } catch (RuntimeException ex) {
            // A listener's failure never undoes or blocks the record itself.
            log.warn("audit event listener failed: {}", ex.getClass().getSimpleName());
        }
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
            db.as(DbClaims.AUDIT).run(() -> batch.forEach(e -> insert(e, ip, requestId)));
        } catch (RuntimeException ex) {
            batch.forEach(e -> failed(e, ex.getClass().getSimpleName()));
        }
    }

    private void failed(AuditEvent e, String why) {
        failures.increment();
        log.error("audit row {} / {} for org {} could not be written: {}", e.action(), e.entityType(), e.orgId(), why);
    }

    private void insert(AuditEvent e, String ip, String requestId) {
        rows.append(e, ip, requestId, json.writeValueAsString(scrub(e.details())));
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
