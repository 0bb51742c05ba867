package com.leadignite.alerts;

import com.leadignite.audit.AuditChainVerified;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditRecorded;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.clientip.ClientIpResolver;
import com.leadignite.security.ratelimit.RateLimitRejected;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns what the service already records into alert signals: audit events (the one place every sign-in
 * failure, denial, cross-org probe, webhook rejection and refresh-token reuse passes), rate-limit
 * refusals and audit-chain verifications. Only hands signals to the engine's queue; never blocks.
 * Org alerts carry ids of the org's own users and records, never a client address (the address of a
 * failed sign-in or a probe may be anyone's); addresses appear only in deployment-wide alerts.
 */
@Component
class AlertSignals {

    /** Webhook rejections that are failed verifications (signature, timestamp window, replay). */
    static final Set<String> WEBHOOK_VERIFICATION_REASONS = Set.of("invalid_signature", "invalid_timestamp",
            "stale_timestamp", "future_timestamp", "replay");

    private final AlertEngine engine;
    private final Clock clock;

    AlertSignals(AlertEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** After the transaction it was recorded in ends (committed or not: a denial rolls its request back), or at once. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    void audited(AuditRecorded recorded) {
        AuditEvent e = recorded.event();
        String ip = recorded.clientIp() == null ? null : address(recorded.clientIp());
        String reason = e.details() == null ? null : String.valueOf(e.details().get("reason"));
        switch (e.action()) {
            case "sign_in_failed", "reauthenticate" -> {
                if (e.outcome() == AuditEvent.Outcome.success) {
                    return;
                }
                if (e.actorId() != null && e.orgId() != null) {
                    signal(AlertRule.SIGN_IN_FAILURES_ACCOUNT, e.orgId(), e.actorId().toString(), Map.of("user_id", e.actorId()));
                }
                if (ip != null) {
                    signal(AlertRule.SIGN_IN_FAILURES_IP, null, ip, Map.of("client_ip", ip));
                }
            }
            case Authorization.ACTION -> {
                if ("cross_org_probe".equals(reason) && e.orgId() != null) {
                    // Raised in the org whose record was probed; nothing about the prober's org or address.
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("entity_type", e.entityType());
                    signal(AlertRule.CROSS_ORG_PROBES, e.orgId(), e.orgId().toString(), d);
                } else if (e.actorId() != null && e.orgId() != null) {
                    signal(AlertRule.ACCESS_DENIED_USER, e.orgId(), e.actorId().toString(), Map.of("user_id", e.actorId()));
                }
            }
            case "webhook_rejected" -> {
                if (e.orgId() != null && WEBHOOK_VERIFICATION_REASONS.contains(reason)) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    if (e.entityId() != null) {
                        d.put("endpoint_id", e.entityId());
                    }
                    signal(AlertRule.WEBHOOK_SIGNATURE_FAILURES, e.orgId(), String.valueOf(e.entityId()), d);
                } else if (e.orgId() == null && "unknown_endpoint".equals(reason) && ip != null) {
                    signal(AlertRule.WEBHOOK_SIGNATURE_FAILURES, null, ip, Map.of("client_ip", ip, "reason", "unknown_endpoint"));
                }
            }
            case "refresh_reuse" -> {
                if (e.orgId() != null && e.actorId() != null) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("user_id", e.actorId());
                    if (e.entityId() != null) {
                        d.put("session_id", e.entityId());
                    }
                    signal(AlertRule.REFRESH_TOKEN_REUSE, e.orgId(), e.actorId().toString(), d);
                }
            }
            default -> {
                // other actions raise no alert
            }
        }
    }

    @EventListener
    void rateLimited(RateLimitRejected r) {
        if (r.orgId() != null && r.userId() != null) {
            signal(AlertRule.RATE_LIMITED, r.orgId(), r.userId() + ":" + r.group().id(),
                    Map.of("user_id", r.userId(), "group", r.group().id(), "policy", r.policy()));
        } else if (r.clientIp() != null) {
            String ip = address(r.clientIp());
            signal(AlertRule.RATE_LIMITED, null, ip + ":" + r.group().id(),
                    Map.of("client_ip", ip, "group", r.group().id(), "policy", r.policy()));
        }
    }

    @EventListener
    void chainVerified(AuditChainVerified v) {
        if (!v.result().valid()) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (v.result().firstBrokenId() != null) {
                d.put("first_broken_id", v.result().firstBrokenId());
            }
            if (v.result().reason() != null) {
                d.put("reason", v.result().reason());
            }
            signal(AlertRule.AUDIT_CHAIN_BREAK, v.orgId(), v.orgId().toString(), d);
        }
    }

    /** A 401/403 or a 5xx answer, from {@link ResponseSignalFilter}. */
    void response(int status, String clientIp) {
        if ((status == 401 || status == 403) && clientIp != null) {
            String ip = address(clientIp);
            signal(AlertRule.AUTH_DENIALS_IP, null, ip, Map.of("client_ip", ip));
        } else if (status >= 500) {
            signal(AlertRule.SERVER_ERRORS, null, "service", Map.of());
        }
    }

    /**
     * A client address as the rules key it: an IPv6 address by its /64 (one host usually holds a whole
     * /64, and could otherwise spread its signals over countless addresses), as the rate limits do.
     */
    private static String address(String clientIp) {
        return ClientIpResolver.limitKey(clientIp);
    }

    private void signal(AlertRule rule, UUID orgId, String key, Map<String, Object> details) {
        engine.offer(new Signal(rule, orgId, key, details, clock.instant()));
    }
}
