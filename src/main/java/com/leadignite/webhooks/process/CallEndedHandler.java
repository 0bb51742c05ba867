package com.leadignite.webhooks.process;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.calls.CallInput;
import com.leadignite.crm.calls.CallStatus;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.crm.common.Texts;
import com.leadignite.webhooks.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code call.ended} (and the providers' own names for it: Vapi {@code end-of-call-report}, ElevenLabs
 * {@code post_call_transcription}): creates or updates the call keyed by the provider's call id
 * ({@code calls.external_id}, unique per org). A new call goes on the org's lead whose phone is the
 * caller's number in E.164; it has no author ({@code created_by} null, as the {@code service_webhook}
 * policy requires). A known call keeps its lead (immutable) and takes whatever valid values the
 * provider sent; the same report again changes nothing and writes no audit row.
 *
 * <p>Every value passes the API's rules for calls (enums, 0..86400 s, plain-text summary, https
 * recording URL, start between 2000-01-01 and one day from now); a failing value is dropped.
 */
@Component
public class CallEndedHandler implements WebhookEventHandler {

    private static final Set<String> TYPES = Set.of("call.ended", "end-of-call-report", "post_call_transcription");
    private static final Set<String> SUMMARIZED = Set.of("summary");
    /** {@code calls.external_id} and {@code calls.summary} bounds (schema and API). */
    static final int MAX_CALL_ID = 200;
    static final int MAX_SUMMARY = 5000;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Duration FUTURE_SLACK = Duration.ofDays(1);

    /** What a call.ended payload says after the API's rules, whichever provider shape it came in. */
    record CallFacts(String externalId, String phone, String direction, Instant startedAt, Integer durationSeconds,
                     String outcome, String summary, String recordingUrl, List<String> dropped) {
    }

    /** The stored values a report may change; {@code status} open: placed by a dial, not yet reported ended. */
    record Stored(UUID id, UUID leadId, String direction, Instant startedAt, Integer durationSeconds,
                  String outcome, String summary, String recordingUrl, CallStatus status) {

        Map<String, Object> writable() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("direction", direction);
            m.put("started_at", startedAt == null ? null : startedAt.toString());
            m.put("duration_seconds", durationSeconds);
            m.put("outcome", outcome);
            m.put("summary", summary);
            m.put("recording_url", recordingUrl);
            return m;
        }

        Stored withStatus(CallStatus s) {
            return new Stored(id, leadId, direction, startedAt, durationSeconds, outcome, summary, recordingUrl, s);
        }
    }

    private final ProviderRecordRepository records;
    private final ApiFieldRules rules;
    private final AuditWriter audit;
    private final Clock clock;

    public CallEndedHandler(ProviderRecordRepository records, ApiFieldRules rules, AuditWriter audit, Clock clock) {
        this.records = records;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean supports(Provider provider, String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        JsonNode p = event.payload();
        String externalId = PayloadFields.string(p, "data.call_id", "data.id", "message.call.id",
                "data.conversation_id", "call_id", "call.id");
        if (externalId == null) {
            return Result.skipped("missing_call_id");
        }
        if (externalId.length() > MAX_CALL_ID || !Texts.isPlain(externalId, false)) {
            return Result.skipped("invalid_call_id");
        }
        CallFacts call = facts(p, externalId);
        Optional<Stored> existing = find(event.orgId(), externalId);
        if (existing.isPresent()) {
            update(event, existing.get(), call);
            return Result.processed();
        }
        if (call.phone() == null) {
            return Result.skipped("missing_phone");
        }
        Optional<UUID> lead = records.newestLeadWithPhone(event.orgId(), call.phone());
        if (lead.isEmpty()) {
            return Result.skipped("no_matching_lead");
        }
        // Without a usable start time from the provider, the time the report arrived stands in.
        Instant started = call.startedAt() != null ? call.startedAt() : micros(event.receivedAt());
        Stored created = new Stored(null, lead.get(), call.direction() != null ? call.direction() : "inbound", started,
                call.durationSeconds(), call.outcome(), call.summary(), call.recordingUrl(), CallStatus.ended(call.outcome()));
        // A concurrent report of the same call inserts nothing here and is applied as an update instead.
        Optional<UUID> id = records.insertCall(event.orgId(), created, externalId);
        if (id.isEmpty()) {
            update(event, find(event.orgId(), externalId).orElseThrow(), call);
            return Result.processed();
        }
        Map<String, Object> details = new LinkedHashMap<>(AuditDiff.snapshot("after", created.writable(), SUMMARIZED));
        details.put("lead_id", created.leadId().toString());
        details.put("external_id", externalId);
        details.putAll(WebhookAudit.origin(event, call.dropped()));
        audit.record(AuditEvent.success(event.orgId(), null, "create", "call", id.get(), details));
        return Result.processed();
    }

    private Optional<Stored> find(UUID orgId, String externalId) {
        return records.lockCall(orgId, externalId);
    }

    /**
     * Sent values replace stored ones; lead, author and id never change. The report ends the call:
     * {@code completed}, or {@code failed} when its outcome is. No change, no write, no audit.
     */
    private void update(WebhookEvent event, Stored before, CallFacts call) {
        Stored after = new Stored(before.id(), before.leadId(),
                call.direction() != null ? call.direction() : before.direction(),
                call.startedAt() != null ? call.startedAt() : before.startedAt(),
                call.durationSeconds() != null ? call.durationSeconds() : before.durationSeconds(),
                call.outcome() != null ? call.outcome() : before.outcome(),
                call.summary() != null ? call.summary() : before.summary(),
                call.recordingUrl() != null ? call.recordingUrl() : before.recordingUrl(), null);
        after = after.withStatus(CallStatus.ended(after.outcome()));
        if (Objects.equals(before.writable(), after.writable()) && before.status() == after.status()) {
            return;
        }
        records.updateCall(event.orgId(), after);
        Map<String, Object> details = new LinkedHashMap<>(AuditDiff.changes(before.writable(), after.writable(), SUMMARIZED));
        if (before.status() != after.status()) {
            details.put("status", Map.of("before", String.valueOf(before.status()), "after", after.status().name()));
        }
        details.putAll(WebhookAudit.origin(event, call.dropped()));
        audit.record(AuditEvent.success(event.orgId(), null, "update", "call", before.id(), details));
    }

    CallFacts facts(JsonNode p, String externalId) {
        ApiFieldRules.Checker check = rules.against(CallInput.class);
        String rawPhone = PayloadFields.string(p, "data.phone", "data.customer_number", "data.customer.number",
                "message.customer.number", "message.call.customer.number", "data.metadata.phone_call.external_number",
                "phone", "customer.number");
        String phone = check.keepIf("phone", rawPhone, PhoneNumbers.e164(rawPhone).orElse(null), true);

        String rawDirection = PayloadFields.string(p, "data.direction", "message.call.type",
                "data.metadata.phone_call.direction", "direction");
        String direction = check.keep("direction", "direction", rawDirection, direction(rawDirection));

        JsonNode rawStarted = PayloadFields.raw(p, "data.started_at", "message.startedAt", "message.call.startedAt",
                "data.metadata.start_time_unix_secs", "started_at");
        Instant started = PayloadFields.instant(rawStarted);
        started = check.keepIf("started_at", rawStarted, started == null ? null : micros(started),
                started != null && !started.isBefore(EARLIEST) && !started.isAfter(clock.instant().plus(FUTURE_SLACK)));

        JsonNode rawDuration = PayloadFields.raw(p, "data.duration_seconds", "message.durationSeconds",
                "data.metadata.call_duration_secs", "duration_seconds");
        Integer duration = check.keep("duration_seconds", "durationSeconds", rawDuration, PayloadFields.integer(rawDuration));

        String rawOutcome = PayloadFields.string(p, "data.outcome", "message.endedReason", "outcome");
        String outcome = check.keep("outcome", "outcome", rawOutcome, outcome(rawOutcome));

        String rawSummary = PayloadFields.string(p, "data.summary", "message.summary", "message.analysis.summary",
                "data.analysis.transcript_summary", "summary");
        String summary = check.keep("summary", "summary", rawSummary, cut(rawSummary, MAX_SUMMARY));

        String rawRecording = PayloadFields.string(p, "data.recording_url", "message.recordingUrl",
                "message.artifact.recordingUrl", "recording_url");
        String recording = check.keep("recording_url", "recordingUrl", rawRecording, rawRecording);

        return new CallFacts(externalId, phone, direction, started, duration, outcome, summary, recording,
                check.dropped());
    }

    /** Our values, and the providers' words for them (Vapi call types, for instance {@code inboundPhoneCall}). */
    static String direction(String raw) {
        if (raw == null) {
            return null;
        }
        String r = raw.toLowerCase(Locale.ROOT);
        if (r.startsWith("inbound")) {
            return "inbound";
        }
        if (r.startsWith("outbound")) {
            return "outbound";
        }
        return raw;
    }

    /** Our outcome values as sent, or the outcome a Vapi {@code endedReason} implies; anything else is kept to fail the rules. */
    static String outcome(String raw) {
        if (raw == null) {
            return null;
        }
        String r = raw.toLowerCase(Locale.ROOT);
        if (r.contains("voicemail")) {
            return "voicemail";
        }
        if (r.equals("customer-busy")) {
            return "busy";
        }
        if (r.equals("customer-did-not-answer") || r.equals("no-answer")) {
            return "no_answer";
        }
        if (r.equals("customer-ended-call") || r.equals("assistant-ended-call") || r.equals("assistant-said-end-call-phrase")
                || r.equals("assistant-forwarded-call") || r.equals("exceeded-max-duration") || r.equals("silence-timed-out")) {
            return "answered";
        }
        if (r.contains("error") || r.contains("failed")) {
            return "failed";
        }
        return raw;
    }

    /** At most {@code max} characters, never splitting a surrogate pair. Generated summaries can run long. */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end).strip();
    }

    /** The database keeps microseconds: compare and store at that precision so a repeat compares equal. */
    private static Instant micros(Instant i) {
        return i.truncatedTo(ChronoUnit.MICROS);
    }
}
