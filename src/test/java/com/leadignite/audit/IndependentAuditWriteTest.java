package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.db.ConnectionScope;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** An independent audit row never needs a second connection while the thread holds one. */
class IndependentAuditWriteTest extends TwoOrgTest {

    @Autowired
    AuditWriter writer;
    @Autowired
    PlatformTransactionManager txm;

    @Test
    void theIndependentWriterRefusesToRunInsideATransaction() {
        AuditEvent e = event(UUID.randomUUID());
        assertThatThrownBy(() -> new TransactionTemplate(txm).executeWithoutResult(s -> writer.writeIndependently(java.util.List.of(e), null, null)))
                .isInstanceOf(IllegalStateException.class);
        // Also from a transaction suspended by an inner one: the thread still holds the outer connection.
        TransactionTemplate inner = new TransactionTemplate(txm);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThatThrownBy(() -> new TransactionTemplate(txm).executeWithoutResult(s -> inner.executeWithoutResult(
                s2 -> writer.writeIndependently(java.util.List.of(e), null, null)))).isInstanceOf(IllegalStateException.class);
        assertThat(rows(e.entityId())).isZero();
    }

    @Test
    void aRowRecordedInsideATransactionIsWrittenAfterItsConnectionIsReleasedEvenOnRollback() {
        UUID id = UUID.randomUUID();
        long[] seenInside = new long[1];
        boolean[] heldInside = new boolean[1];
        TransactionTemplate tx = new TransactionTemplate(txm);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            writer.recordIndependently(event(id));
            heldInside[0] = ConnectionScope.holdsConnection();
            seenInside[0] = rows(id.toString());
            throw new IllegalArgumentException("the request fails");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(heldInside[0]).isTrue();
        assertThat(seenInside[0]).isZero();
        assertThat(ConnectionScope.holdsConnection()).isFalse();
        assertThat(rows(id.toString())).isEqualTo(1);
    }

    @Test
    void outsideATransactionTheRowIsWrittenAtOnce() {
        UUID id = UUID.randomUUID();
        writer.recordIndependently(event(id));
        assertThat(rows(id.toString())).isEqualTo(1);
    }

    private AuditEvent event(UUID entity) {
        return AuditEvent.of(AuditEvent.Outcome.denied, org, admin.id(), Authorization.ACTION, "lead", entity,
                Map.of("reason", "not_found"));
    }

    private static long rows(String entityId) {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select count(*) from public.audit_events where entity_id = ?")) {
            ps.setString(1, entityId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
