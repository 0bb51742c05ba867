package com.leadignite.alerts;

import com.leadignite.audit.AuditChainVerified;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditRecorded;
import com.leadignite.security.ratelimit.RateLimitRejected;
import com.leadignite.security.ratelimit.RouteGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Security metrics for the management port (docs/alerts.md lists them): authentication outcomes, rate-limit
 * decisions and audit-chain status. Every tag value comes from a fixed vocabulary (an action, an outcome, a
 * route group); never an id, address or email. Every series exists from start-up at 0, so dashboards and
 * alert rules see it before the first event.
 */
@Component
class SecurityMetrics {

    /** The audit actions counted as authentication outcomes. */
    static final List<String> AUTH_ACTIONS = List.of("sign_in", "sign_in_failed", "sign_up", "refresh", "refresh_reuse",
            "reauthenticate", "logout");

    private final Map<String, Counter> auth = new HashMap<>();
    private final Map<RouteGroup, Counter> allowed = new EnumMap<>(RouteGroup.class);
    private final Map<RouteGroup, Counter> rejected = new EnumMap<>(RouteGroup.class);
    private final Counter chainValid;
    private final Counter chainBroken;
    /** Orgs whose latest verification on this instance found the chain broken (ids stay here, never in tags). */
    private final Set<UUID> broken = ConcurrentHashMap.newKeySet();

    SecurityMetrics(MeterRegistry meters) {
        for (String action : AUTH_ACTIONS) {
            for (AuditEvent.Outcome outcome : AuditEvent.Outcome.values()) {
                auth.put(action + "|" + outcome.name(), Counter.builder("leadignite.auth.outcomes")
                        .description("Authentication events by action and outcome")
                        .tag("action", action).tag("outcome", outcome.name()).register(meters));
            }
        }
        for (RouteGroup group : RouteGroup.values()) {
            allowed.put(group, decision(meters, group, "allowed"));
            rejected.put(group, decision(meters, group, "rejected"));
        }
        this.chainValid = Counter.builder("leadignite.audit.chain_verifications").tag("result", "valid")
                .description("Audit chain verifications by result").register(meters);
        this.chainBroken = Counter.builder("leadignite.audit.chain_verifications").tag("result", "broken")
                .description("Audit chain verifications by result").register(meters);
        Gauge.builder("leadignite.audit.chain_broken_orgs", broken, Set::size)
                .description("Orgs whose latest audit chain verification on this instance found the chain broken")
                .register(meters);
    }

    private static Counter decision(MeterRegistry meters, RouteGroup group, String decision) {
        return Counter.builder("leadignite.ratelimit.decisions").description("Rate-limit decisions by route group")
                .tag("group", group.id()).tag("decision", decision).register(meters);
    }

    @EventListener
    void audited(AuditRecorded recorded) {
        AuditEvent e = recorded.event();
        Counter c = auth.get(e.action() + "|" + e.outcome().name());
        if (c != null) {
            c.increment();
        }
    }

    @EventListener
    void rateLimited(RateLimitRejected r) {
        rejected.get(r.group()).increment();
    }

    void allowed(RouteGroup group) {
        allowed.get(group).increment();
    }

    @EventListener
    void chainVerified(AuditChainVerified v) {
        if (v.result().valid()) {
            chainValid.increment();
            broken.remove(v.orgId());
        } else {
            chainBroken.increment();
            broken.add(v.orgId());
        }
    }
}
