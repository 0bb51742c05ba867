package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code call.ended} (and the providers' own names for it: Vapi {@code end-of-call-report}, ElevenLabs
 * {@code post_call_transcription}): creates or updates the call, keyed by the provider's call id
 * ({@code calls.external_id}, unique per org), on the org's lead whose phone matches the caller's
 * number in E.164. The same event handled again updates the call to the same values.
 */
@Component
public class CallEndedHandler implements WebhookEventHandler {

    private static final Set<String> TYPES = Set.of("call.ended", "end-of-call-report", "post_call_transcription");

    /** What a call.ended payload says, whichever provider shape it came in. */
    record CallFacts(String externalId, String phone, String direction, Instant startedAt, Integer durationSeconds,
                     String outcome, String summary, String recordingUrl) {
    }

    private final JdbcClient jdbc;

    public CallEndedHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean supports(Provider provider, String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        CallFacts call = facts(event.payload());
        if (call.externalId() == null) {
            return Result.skipped("missing_call_id");
        }
        Optional<String> phone = PhoneNumbers.e164(call.phone());
        if (phone.isEmpty()) {
            return Result.skipped("missing_phone");
        }
        String digits = phone.get().substring(1);
        // Leads may store numbers with separators: compare digits only. The most recently touched lead wins.
        Optional<Lead> lead = jdbc.sql("""
                select id, owner_id from public.leads
                 where org_id = :org and regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') = :digits
                 order by updated_at desc, created_at desc limit 1""")
                .param("org", event.orgId()).param("digits", digits)
                .query((rs, n) -> new Lead(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class)))
                .optional();
        if (lead.isEmpty()) {
            return Result.skipped("no_matching_lead");
        }
        Instant started = call.startedAt() != null ? call.startedAt() : event.receivedAt();
        Optional<UUID> existing = jdbc.sql("""
                select id from public.calls where org_id = :org and external_id = :external for update""")
                .param("org", event.orgId()).param("external", call.externalId())
                .query(UUID.class).optional();
        if (existing.isPresent()) {
            jdbc.sql("""
                    update public.calls
                       set lead_id = :lead, direction = coalesce(:direction, direction), started_at = :started,
                           duration_seconds = coalesce(:duration, duration_seconds), outcome = coalesce(:outcome, outcome),
                           summary = coalesce(:summary, summary), recording_url = coalesce(:recording, recording_url),
                           updated_at = now()
                     where id = :id and org_id = :org""")
                    .param("id", existing.get()).param("org", event.orgId()).param("lead", lead.get().id())
                    .param("direction", call.direction()).param("started", Timestamp.from(started))
                    .param("duration", call.durationSeconds()).param("outcome", call.outcome())
                    .param("summary", call.summary()).param("recording", call.recordingUrl())
                    .update();
        } else {
            // The call belongs to the lead's owner, so the owner sees it like the calls they log themselves.
            jdbc.sql("""
                    insert into public.calls (org_id, lead_id, created_by, direction, started_at, duration_seconds,
                                              outcome, summary, recording_url, external_id)
                    values (:org, :lead, :owner, coalesce(:direction, 'inbound'), :started, :duration,
                            :outcome, :summary, :recording, :external)""")
                    .param("org", event.orgId()).param("lead", lead.get().id()).param("owner", lead.get().ownerId())
                    .param("direction", call.direction()).param("started", Timestamp.from(started))
                    .param("duration", call.durationSeconds()).param("outcome", call.outcome())
                    .param("summary", call.summary()).param("recording", call.recordingUrl())
                    .param("external", call.externalId())
                    .update();
        }
        return Result.processed();
    }

    private record Lead(UUID id, UUID ownerId) {
    }

    static CallFacts facts(JsonNode p) {
        String externalId = PayloadFields.text(p, 200, "data.call_id", "data.id", "message.call.id",
                "data.conversation_id", "call_id", "call.id");
        String phone = PayloadFields.text(p, 40, "data.phone", "data.customer_number", "data.customer.number",
                "message.customer.number", "message.call.customer.number", "data.metadata.phone_call.external_number",
                "phone", "customer.number");
        String direction = direction(PayloadFields.text(p, 40, "data.direction", "message.call.type",
                "data.metadata.phone_call.direction", "direction"));
        Instant started = PayloadFields.instant(p, "data.started_at", "message.startedAt", "message.call.startedAt",
                "data.metadata.start_time_unix_secs", "started_at");
        Integer duration = PayloadFields.integer(p, "data.duration_seconds", "message.durationSeconds",
                "data.metadata.call_duration_secs", "duration_seconds");
        String outcome = PayloadFields.text(p, 100, "data.outcome", "message.endedReason",
                "data.analysis.call_successful", "outcome");
        String summary = PayloadFields.text(p, 10_000, "data.summary", "message.summary", "message.analysis.summary",
                "data.analysis.transcript_summary", "summary");
        String recording = PayloadFields.httpUrl(p, "data.recording_url", "message.recordingUrl",
                "message.artifact.recordingUrl", "recording_url");
        return new CallFacts(externalId, phone, direction, started, duration, outcome, summary, recording);
    }

    private static String direction(String raw) {
        if (raw == null) {
            return null;
        }
        String r = raw.toLowerCase(java.util.Locale.ROOT);
        if (r.startsWith("inbound")) {
            return "inbound";
        }
        if (r.startsWith("outbound")) {
            return "outbound";
        }
        return null;
    }
}
