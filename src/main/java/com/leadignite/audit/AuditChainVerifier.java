package com.leadignite.audit;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Checks the audit chain of every org every {@code leadignite.audit.verify-interval}, so tampering shows
 * even when no admin asks ({@code GET /api/v1/audit-events/verify}). Each result is published like an
 * admin's: a broken chain raises the {@code audit_chain_break} alert and every result feeds the
 * chain-status metrics. Runs under the claims {@code service_audit_verify}, one org at a time, each in
 * its own read-only snapshot, through the same gate as admins' verifications (an org an admin is
 * verifying right now is skipped this round), so it holds at most one pooled connection.
 */
@Component
public class AuditChainVerifier implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuditChainVerifier.class);

    /** What one round found. */
    public record Round(int verified, int broken, int skipped) {
    }

    private final AuditProperties props;
    private final AuditReadService service;
    private final AuditReadRepository repo;
    private final Database db;

    AuditChainVerifier(AuditProperties props, AuditReadService service, AuditReadRepository repo, Database db) {
        this.props = props;
        this.service = service;
        this.repo = repo;
        this.db = db;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (props.periodicVerification()) {
            Duration every = props.verifyInterval();
            registrar.addFixedDelayTask(new FixedDelayTask(this::scheduledRound, every, every));
        }
    }

    private void scheduledRound() {
        try {
            Round r = verifyAll();
            log.info("Audit chains verified: {} orgs, {} broken, {} skipped", r.verified(), r.broken(), r.skipped());
        } catch (RuntimeException e) {
            // The next round tries again; a database outage is not a chain break.
            log.warn("Periodic audit chain verification failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One round over every org with a chain. */
    public Round verifyAll() {
        List<UUID> orgs = db.as(DbClaims.auditVerify(null)).read(repo::chainOrgs);
        int verified = 0;
        int broken = 0;
        int skipped = 0;
        Instant start = Instant.now();
        for (UUID org : orgs) {
            AuditVerification result;
            try {
                // Published like an admin's verification: a broken chain raises audit_chain_break.
                result = service.verifyAndPublish(DbClaims.auditVerify(org), org);
            } catch (AuditVerifyBusyException e) {
                skipped++;
                continue;
            }
            verified++;
            if (!result.valid()) {
                broken++;
                log.error("The audit chain of org {} is broken at {} ({})", org, result.firstBrokenId(), result.reason());
            }
        }
        log.debug("Audit chain round took {} ms", Duration.between(start, Instant.now()).toMillis());
        return new Round(verified, broken, skipped);
    }
}
