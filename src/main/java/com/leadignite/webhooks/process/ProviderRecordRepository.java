package com.leadignite.webhooks.process;

import com.leadignite.crm.calls.CallStatus;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows webhook handlers keep about the providers' own records: which contact became which lead,
 * and calls keyed by the provider's call id. Runs under the {@code service_webhook} claims of one org.
 */
@Repository
class ProviderRecordRepository {

    private final JdbcClient jdbc;

    ProviderRecordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Links a provider's contact to {@code leadId}, unless it is linked already (or being linked
     * concurrently, which waits on the key): true when this call made the link.
     */
    boolean linkContact(UUID orgId, String provider, String externalId, UUID leadId) {
        return jdbc.sql("""
                insert into public.webhook_lead_links (org_id, provider, external_id, lead_id)
                values (:org, :provider, :external, :lead)
                on conflict (org_id, provider, external_id) do nothing
                returning lead_id""")
                .param("org", orgId).param("provider", provider)
                .param("external", externalId).param("lead", leadId)
                .query(UUID.class).optional().isPresent();
    }

    /** leads.phone is E.164 by constraint, so equality is the match. The most recently touched lead wins. */
    Optional<UUID> newestLeadWithPhone(UUID orgId, String phone) {
        return jdbc.sql("""
                select id from public.leads where org_id = :org and phone = :phone
                 order by updated_at desc, created_at desc, id limit 1""")
                .param("org", orgId).param("phone", phone)
                .query(UUID.class).optional();
    }

    /** The call with the provider's id, locked for an update. */
    Optional<CallEndedHandler.Stored> lockCall(UUID orgId, String externalId) {
        return jdbc.sql("""
                select id, lead_id, direction, started_at, duration_seconds, outcome, summary, recording_url, status
                  from public.calls where org_id = :org and external_id = :external for update""")
                .param("org", orgId).param("external", externalId)
                .query((rs, n) -> new CallEndedHandler.Stored(rs.getObject("id", UUID.class), rs.getObject("lead_id", UUID.class),
                        rs.getString("direction"), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        (Integer) rs.getObject("duration_seconds"), rs.getString("outcome"), rs.getString("summary"),
                        rs.getString("recording_url"), CallStatus.parse(rs.getString("status")).orElse(null)))
                .optional();
    }

    /** A concurrent report of the same call inserts nothing here (empty): it is then applied as an update. */
    Optional<UUID> insertCall(UUID orgId, CallEndedHandler.Stored call, String externalId) {
        return jdbc.sql("""
                insert into public.calls (org_id, lead_id, created_by, direction, started_at, duration_seconds,
                                          outcome, summary, recording_url, external_id, status)
                values (:org, :lead, null, :direction, :started, :duration, :outcome, :summary, :recording, :external,
                        :status)
                on conflict (org_id, external_id) where external_id is not null do nothing
                returning id""")
                .param("org", orgId).param("lead", call.leadId())
                .param("direction", call.direction()).param("started", Timestamp.from(call.startedAt()))
                .param("duration", call.durationSeconds()).param("outcome", call.outcome())
                .param("summary", call.summary()).param("recording", call.recordingUrl())
                .param("external", externalId).param("status", call.status().name())
                .query(UUID.class).optional();
    }

    /** Writes a report's values and the status it ends the call with. */
    void updateCall(UUID orgId, CallEndedHandler.Stored after) {
        jdbc.sql("""
                update public.calls
                   set status = :status, direction = :direction, started_at = :started, duration_seconds = :duration,
                       outcome = :outcome, summary = :summary, recording_url = :recording
                 where id = :id and org_id = :org""")
                .param("id", after.id()).param("org", orgId)
                .param("direction", after.direction()).param("started", Timestamp.from(after.startedAt()))
                .param("duration", after.durationSeconds()).param("outcome", after.outcome())
                .param("summary", after.summary()).param("recording", after.recordingUrl())
                .param("status", after.status().name())
                .update();
    }

    /** Moves a call to {@code status}; the caller holds the row's lock ({@link #lockCall}). */
    void updateStatus(UUID orgId, UUID callId, CallStatus status) {
        jdbc.sql("update public.calls set status = :status where id = :id and org_id = :org")
                .param("status", status.name()).param("id", callId).param("org", orgId).update();
    }
}
