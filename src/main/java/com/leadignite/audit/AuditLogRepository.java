package com.leadignite.audit;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends to {@code public.audit_events}; the chain position and hash are the database's (triggers). */
@Repository
class AuditLogRepository {

    private final JdbcClient jdbc;

    AuditLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** No RETURNING: reading the row back is an admin-only privilege under the table's policies. */
    void append(AuditEvent e, String ip, String requestId, String detailsJson) {
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
                .param("details", detailsJson)
                .update();
    }
}
