package com.leadignite.crm.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.crm.common.Patch;
import com.leadignite.db.Database;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A data change and its audit row commit or roll back together: when the surrounding transaction fails
 * after the service wrote both, neither remains.
 */
class LeadAuditRollbackTest extends TwoOrgTest {

    @Autowired
    LeadService service;
    @Autowired
    Database db;
    @Autowired
    JdbcClient jdbc;

    static AuthenticatedUser caller(TestUser u) {
        return new AuthenticatedUser(u.id(), u.orgId(), AuthenticatedUser.Role.valueOf(u.role()), u.email(), u.sessionId(), Instant.now());
    }

    @Test
    void createAndItsAuditRowRollBackTogether() {
        UUID[] created = new UUID[1];
        assertThatThrownBy(() -> db.as(CrmRows.dbClaims(admin)).run(() -> {
            Lead lead = service.create(caller(admin), new LeadInput("Roll", "Back", null, null, null, null, null, null));
            created[0] = lead.id();
            // Inside the transaction both exist...
            assertThat(jdbc.sql("select count(*) from public.audit_events where entity_id = :id and action = 'create'")
                    .param("id", lead.id().toString()).query(Long.class).single()).isEqualTo(1);
            // ...then something later in the same unit of work fails.
            throw new IllegalStateException("failure after the audit write");
        })).hasMessageContaining("after the audit write");

        assertThat(created[0]).isNotNull();
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where id = ?", created[0])).isZero();
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_id = ?", created[0].toString())).isZero();
    }

    @Test
    void updateAndItsAuditRowRollBackTogetherWhenTheDatabaseRejectsALaterStatement() {
        UUID id = CrmRows.lead(org, admin.id(), null, "Before");
        assertThatThrownBy(() -> db.as(CrmRows.dbClaims(admin)).run(() -> {
            service.update(caller(admin), id, new Patch<>(new LeadInput("After", null, null, null, null, null, null, null), Set.of("first_name")));
            // A constraint violation after the audit insert, in the same transaction.
            jdbc.sql("update public.leads set status = 'bogus' where id = :id").param("id", id).update();
        })).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);

        assertThat(CrmRows.ownerString("select first_name from public.leads where id = ?", id)).isEqualTo("Before");
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where entity_id = ?", id.toString())).isZero();
    }
}
