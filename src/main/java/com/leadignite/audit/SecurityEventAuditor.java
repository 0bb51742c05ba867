package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import com.leadignite.security.SecurityEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes what the request pipeline refused ({@link SecurityEvent}) to the audit log, each in its own
 * transaction ({@link AuditWriter#recordIndependently}): the refused request's work does not commit, its
 * trace must. A row that cannot be written never turns the refusal into a 500.
 */
@Component
class SecurityEventAuditor {

    private static final Logger log = LoggerFactory.getLogger(SecurityEventAuditor.class);

    private final AuditWriter audit;

    SecurityEventAuditor(AuditWriter audit) {
        this.audit = audit;
    }

    @EventListener
    void on(SecurityEvent event) {
        try {
            if (event instanceof SecurityEvent.AccessDenied d) {
                denied(d);
            } else if (event instanceof SecurityEvent.RateLimited r) {
                rateLimited(r);
            }
        } catch (RuntimeException e) {
            log.warn("could not audit a refusal ({}): {}", event.getClass().getSimpleName(), e.getClass().getSimpleName());
        }
    }

    private void denied(SecurityEvent.AccessDenied d) {
        AuditEvent callerSide = AuditEvent.of(AuditEvent.Outcome.denied, d.orgId(), d.actorId(), Authorization.ACTION,
                d.entityType(), d.entityId(), d.details());
        if (d.probedOrgId() == null) {
            audit.recordIndependently(callerSide);
        } else {
            // Both rows commit together; the probed org's row names no one of the prober's org.
            audit.recordIndependently(callerSide, AuditEvent.of(AuditEvent.Outcome.denied, d.probedOrgId(), null,
                    Authorization.ACTION, d.entityType(), d.entityId(), Map.of("reason", "cross_org_probe")));
        }
    }

    private void rateLimited(SecurityEvent.RateLimited r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policy", r.policy());
        details.put("group", r.group());
        audit.recordIndependently(AuditEvent.of(
                AuditEvent.Outcome.denied, r.orgId(), r.userId(), "rate_limited", "user", r.userId(), details));
    }
}
