package com.leadignite.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to the audit log. {@link #record} joins the caller's transaction, so a data change and its
 * audit row commit or roll back together; {@link #recordIndependently} commits on its own, for events
 * whose surrounding work fails (a denied request, a failed sign-in) but must still leave a trace.
 *
 * <p>The request id and client IP come from the logging context the request filters fill in
 * ({@value #MDC_REQUEST_ID}, {@value #MDC_CLIENT_IP}).
 */
@Component
public class AuditWriter {

    public static final String MDC_REQUEST_ID = "request_id";
    public static final String MDC_CLIENT_IP = "client_ip";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api_?key|authorization|cookie|private|credential|signature).*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate independent;

    public AuditWriter(JdbcClient jdbc, PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.independent = new TransactionTemplate(txm);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEvent e) {
        insert(e);
    }

    public void recordIndependently(AuditEvent e) {
        independent.executeWithoutResult(s -> insert(e));
    }

    private void insert(AuditEvent e) {
        String ip = MDC.get(MDC_CLIENT_IP);
        String requestId = MDC.get(MDC_REQUEST_ID);
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
