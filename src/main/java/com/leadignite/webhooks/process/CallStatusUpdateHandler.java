package com.leadignite.webhooks.process;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.calls.CallStatus;
import com.leadignite.crm.common.Texts;
import com.leadignite.webhooks.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Vapi's {@code status-update} message: a queued call that starts ringing or is answered becomes
 * {@code in_progress}. Only a call this org already has (placed by a dial) moves, and only forwards: the
 * end of a call is the end-of-call report's ({@link CallEndedHandler}), and a late update never reopens
 * an ended call.
 */
@Component
public class CallStatusUpdateHandler implements WebhookEventHandler {

    /** Vapi's words for a call under way. */
    private static final Set<String> UNDER_WAY = Set.of("ringing", "in-progress", "forwarding");

    private final ProviderRecordRepository records;
    private final AuditWriter audit;

    public CallStatusUpdateHandler(ProviderRecordRepository records, AuditWriter audit) {
        this.records = records;
        this.audit = audit;
    }

    @Override
    public boolean supports(Provider provider, String eventType) {
        return provider == Provider.vapi && "status-update".equals(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        String externalId = PayloadFields.string(event.payload(), "message.call.id");
        if (externalId == null) {
            return Result.skipped("missing_call_id");
        }
        if (externalId.length() > CallEndedHandler.MAX_CALL_ID || !Texts.isPlain(externalId, false)) {
            return Result.skipped("invalid_call_id");
        }
        String status = PayloadFields.string(event.payload(), "message.status");
        if (status == null || !UNDER_WAY.contains(status)) {
            return Result.skipped("status_ignored");
        }
        var stored = records.lockCall(event.orgId(), externalId);
        if (stored.isEmpty()) {
            return Result.skipped("unknown_call");
        }
        if (stored.get().status() != CallStatus.queued) {
            return Result.processed(); // already under way or ended: nothing to do
        }
        records.updateStatus(event.orgId(), stored.get().id(), CallStatus.in_progress);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", Map.of("before", CallStatus.queued.name(), "after", CallStatus.in_progress.name()));
        details.putAll(WebhookAudit.origin(event, List.of()));
        audit.record(AuditEvent.success(event.orgId(), null, "update", "call", stored.get().id(), details));
        return Result.processed();
    }
}
