package com.leadignite.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.SettingsBinding;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The periodic verification of every org's audit chain: what its claims may read, what one round
 * reports, and its interval setting (the alert it raises is driven in {@code alerts.AlertRulesTest}).
 */
class AuditChainVerifierTest extends TwoOrgTest {

    @Autowired
    AuditChainVerifier verifier;
    @Autowired
    AuditReadRepository repo;
    @Autowired
    AuditReadService service;
    @Autowired
    Database db;
    @Autowired
    AuditProperties props;

    @Test
    void oneRoundChecksEveryOrgAndFindsTheTamperedOne() {
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "A"), "Authorization", admin.bearer()).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "B"), "Authorization", otherAdmin.bearer()).status()).isEqualTo(201);
        List<UUID> orgs = db.as(DbClaims.auditVerify(null)).read(repo::chainOrgs);
        assertThat(orgs).contains(org, otherOrg);

        assertThat(service.check(DbClaims.auditVerify(org), org).valid()).isTrue();
        Fixtures.exec("update public.audit_events set details = '{\"forged\":true}'::jsonb where org_id = ?", org);
        AuditVerification tampered = service.check(DbClaims.auditVerify(org), org);
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.reason()).isEqualTo("hash_mismatch");
        assertThat(service.check(DbClaims.auditVerify(otherOrg), otherOrg).valid()).isTrue();

        AuditChainVerifier.Round round = verifier.verifyAll();
        assertThat(round.verified() + round.skipped()).isGreaterThanOrEqualTo(2);
        assertThat(round.broken()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void itsClaimsReadOneOrgsChainAndListOrgsOnlyForThatRole() {
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "A"), "Authorization", admin.bearer()).status()).isEqualTo(201);
        // claims for one org see nothing of another: that org's chain reads as empty, never as the first org's
        AuditVerification seenFromOther = service.check(DbClaims.auditVerify(otherOrg), org);
        assertThat(seenFromOther.checked()).isZero();
        // other service roles get no org list
        assertThat(db.as(DbClaims.ALERTS).read(repo::chainOrgs)).isEmpty();
        assertThat(db.as(DbClaims.AUDIT).read(repo::chainOrgs)).isEmpty();
    }

    @Test
    void theIntervalIsASettingAndZeroTurnsItOff() {
        assertThat(props.verifyInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(SettingsBinding.bind(AuditProperties.class).verifyInterval()).isEqualTo(Duration.ofHours(1));
        AuditProperties off = SettingsBinding.bind(AuditProperties.class, "leadignite.audit.verify-interval=0");
        assertThat(off.periodicVerification()).isFalse();
        assertThat(SettingsBinding.failure(AuditProperties.class, "leadignite.audit.verify-interval=30s"))
                .contains("leadignite.audit.verify-interval");
        assertThat(SettingsBinding.failure(AuditProperties.class, "leadignite.audit.verify-interval=8d"))
                .contains("leadignite.audit.verify-interval");

        ScheduledTaskRegistrar on = new ScheduledTaskRegistrar();
        verifier.configureTasks(on);
        assertThat(on.getFixedDelayTaskList()).singleElement()
                .satisfies(t -> assertThat(t.getIntervalDuration()).isEqualTo(Duration.ofHours(1)));
        ScheduledTaskRegistrar none = new ScheduledTaskRegistrar();
        new AuditChainVerifier(off, service, repo, db).configureTasks(none);
        assertThat(none.getFixedDelayTaskList()).isEmpty();
    }
}
