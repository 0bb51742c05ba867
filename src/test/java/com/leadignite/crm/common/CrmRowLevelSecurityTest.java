package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The policies on their own, with no service code in the way: a connection as the runtime role, claims
 * set exactly as the service sets them, and queries without any WHERE clause.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmRowLevelSecurityTest {

    @Autowired
    Fixtures fixtures;

    CrmWorld w;
    UUID leadAdminA;      // owned by adminA, unassigned
    UUID leadAgentOwn;    // owned by agentA
    UUID leadAssigned;    // owned by adminA, assigned to agentA
    UUID leadUser;        // owned by userA
    UUID leadUser2;       // owned by user2A
    UUID leadCaptured;    // owner null (web form)
    UUID leadB;           // org B
    UUID callUserOwn;     // userA's call on leadUser
    UUID callAdminOnUserLead; // adminA's call on leadUser
    UUID callAssigned;    // adminA's call on leadAssigned
    UUID callB;
    UUID assistantA;
    UUID assistantB;

    @BeforeAll
    void seed() {
        w = new CrmWorld(fixtures);
        leadAdminA = CrmWorld.lead(w.orgA, w.adminA.id(), null, "admin-own");
        leadAgentOwn = CrmWorld.lead(w.orgA, w.agentA.id(), null, "agent-own");
        leadAssigned = CrmWorld.lead(w.orgA, w.adminA.id(), w.agentA.id(), "assigned");
        leadUser = CrmWorld.lead(w.orgA, w.userA.id(), null, "user-own");
        leadUser2 = CrmWorld.lead(w.orgA, w.user2A.id(), null, "user2-own");
        leadCaptured = CrmWorld.lead(w.orgA, null, null, "captured");
        leadB = CrmWorld.lead(w.orgB, w.adminB.id(), null, "org-b");
        callUserOwn = CrmWorld.call(w.orgA, leadUser, w.userA.id());
        callAdminOnUserLead = CrmWorld.call(w.orgA, leadUser, w.adminA.id());
        callAssigned = CrmWorld.call(w.orgA, leadAssigned, w.adminA.id());
        callB = CrmWorld.call(w.orgB, leadB, w.adminB.id());
        assistantA = CrmWorld.assistant(w.orgA, "a");
        assistantB = CrmWorld.assistant(w.orgB, "b");
    }

    @AfterAll
    void cleanUp() {
        w.delete();
    }

    @Test
    void adminSeesEveryRowOfTheirOrgOnly() throws SQLException {
        assertThat(ids(w.adminA, "select id from public.leads"))
                .containsExactlyInAnyOrder(leadAdminA, leadAgentOwn, leadAssigned, leadUser, leadUser2, leadCaptured);
        assertThat(ids(w.adminA, "select id from public.calls")).containsExactlyInAnyOrder(callUserOwn, callAdminOnUserLead, callAssigned);
        assertThat(ids(w.adminA, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void agentSeesOwnedAndAssignedLeadsAndTheirCalls() throws SQLException {
        assertThat(ids(w.agentA, "select id from public.leads")).containsExactlyInAnyOrder(leadAgentOwn, leadAssigned);
        assertThat(ids(w.agentA, "select id from public.calls")).containsExactly(callAssigned);
        assertThat(ids(w.agent2A, "select id from public.leads")).isEmpty();
        assertThat(ids(w.agentA, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void userSeesOnlyOwnLeadsAndOwnCalls() throws SQLException {
        assertThat(ids(w.userA, "select id from public.leads")).containsExactly(leadUser);
        assertThat(ids(w.userA, "select id from public.calls")).containsExactly(callUserOwn);
        assertThat(ids(w.user2A, "select id from public.leads")).containsExactly(leadUser2);
        assertThat(ids(w.user2A, "select id from public.calls")).isEmpty();
        assertThat(ids(w.userA, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void withoutClaimsNothingIsVisible() throws SQLException {
        for (String t : new String[] {"leads", "calls", "assistants"}) {
            assertThat(ids(null, "select id from public." + t)).as(t).isEmpty();
        }
    }

    @Test
    void writesToAnotherOrgAffectNothingOrFail() throws SQLException {
        for (TestUser u : new TestUser[] {w.adminA, w.agentA, w.userA}) {
            assertThat(update(u, "update public.leads set status = 'converted' where id = ?", leadB)).isZero();
            assertThat(update(u, "delete from public.leads where id = ?", leadB)).isZero();
            assertThat(update(u, "update public.leads set status = 'converted'")).as("unfiltered update as " + u.role())
                    .isLessThanOrEqualTo(u.role().equals("admin") ? 6 : 2);
            assertThat(update(u, "delete from public.assistants where id = ?", assistantB)).isZero();
            assertThatThrownBy(() -> update(u, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'x')", w.orgB, u.id()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            assertThatThrownBy(() -> update(u, "insert into public.assistants (org_id, name, provider) values (?, 'x', 'vapi')", w.orgB))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(CrmWorld.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");
    }

    @Test
    void onlyAdminsDeleteLeadsAndNobodyDeletesCallsDirectly() throws SQLException {
        assertThat(update(w.agentA, "delete from public.leads where id = ?", leadAgentOwn)).isZero();
        assertThat(update(w.userA, "delete from public.leads where id = ?", leadUser)).isZero();
        assertThatThrownBy(() -> update(w.adminA, "delete from public.calls where id = ?", callAssigned))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(update(w.adminA, "delete from public.leads where id = ? and false", leadAdminA)).isZero();
    }

    @Test
    void nonAdminsCannotWriteAssistantsOrForgeOwnership() throws SQLException {
        assertThatThrownBy(() -> update(w.agentA, "insert into public.assistants (org_id, name, provider) values (?, 'x', 'vapi')", w.orgA))
                .isInstanceOf(SQLException.class);
        assertThat(update(w.userA, "update public.assistants set name = 'pwn'")).isZero();
        // A user cannot create a lead in someone else's name, nor one assigned to an agent.
        assertThatThrownBy(() -> update(w.userA, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'x')", w.orgA, w.user2A.id()))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(w.userA, "insert into public.leads (org_id, owner_id, assigned_agent_id, first_name) values (?, ?, ?, 'x')",
                w.orgA, w.userA.id(), w.agentA.id())).isInstanceOf(SQLException.class);
        // Nor take over a lead by rewriting owner_id, nor move it to another org.
        assertThatThrownBy(() -> update(w.adminA, "update public.leads set owner_id = ? where id = ?", w.adminA.id(), leadUser))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(w.adminA, "update public.leads set org_id = ? where id = ?", w.orgB, leadUser))
                .isInstanceOf(SQLException.class);
        // Admins may only assign agents of their own org.
        assertThatThrownBy(() -> update(w.adminA, "update public.leads set assigned_agent_id = ? where id = ?", w.agentB.id(), leadAdminA))
                .isInstanceOf(SQLException.class);
        // A call cannot point at another org's lead or assistant.
        assertThatThrownBy(() -> update(w.adminA, "insert into public.calls (org_id, lead_id, created_by, direction, started_at) values (?, ?, ?, 'inbound', now())",
                w.orgA, leadB, w.adminA.id())).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(w.adminA, "insert into public.calls (org_id, lead_id, created_by, assistant_id, direction, started_at) values (?, ?, ?, ?, 'inbound', now())",
                w.orgA, leadAdminA, w.adminA.id(), assistantB)).isInstanceOf(SQLException.class);
        // A user cannot log a call on a lead they do not own.
        assertThatThrownBy(() -> update(w.userA, "insert into public.calls (org_id, lead_id, created_by, direction, started_at) values (?, ?, ?, 'inbound', now())",
                w.orgA, leadUser2, w.userA.id())).isInstanceOf(SQLException.class);
    }

    @Test
    void captureServiceMayOnlyInsertUnownedLeadsIntoItsOrg() throws SQLException {
        String capture = "{\"role\":\"service_capture\",\"app_metadata\":{\"org_id\":\"" + w.orgA + "\"}}";
        assertThat(idsAs(capture, "select id from public.leads")).isEmpty();
        assertThat(updateAs(capture, "insert into public.leads (org_id, first_name) values (?, 'form')", w.orgA)).isEqualTo(1);
        assertThatThrownBy(() -> updateAs(capture, "insert into public.leads (org_id, first_name) values (?, 'form')", w.orgB))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> updateAs(capture, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'form')", w.orgA, w.adminA.id()))
                .isInstanceOf(SQLException.class);
        assertThat(updateAs(capture, "update public.leads set status = 'converted'")).isZero();
    }

    @Test
    void webhookServiceWorksWithinItsOrgOnly() throws SQLException {
        String hook = "{\"role\":\"service_webhook\",\"app_metadata\":{\"org_id\":\"" + w.orgA + "\"}}";
        assertThat(idsAs(hook, "select id from public.leads")).contains(leadCaptured, leadUser).doesNotContain(leadB);
        assertThat(idsAs(hook, "select id from public.calls")).contains(callUserOwn).doesNotContain(callB);
        assertThat(updateAs(hook, "update public.calls set summary = 'x' where id = ?", callB)).isZero();
        assertThat(updateAs(hook, "update public.leads set status = 'contacted' where id = ?", leadB)).isZero();
        assertThat(updateAs(hook, "delete from public.leads where id = ?", leadCaptured)).isZero();
        assertThatThrownBy(() -> updateAs(hook, "insert into public.leads (org_id, first_name) values (?, 'x')", w.orgB))
                .isInstanceOf(SQLException.class);
    }

    // ------------------------------------------------------------------------------------------

    private static Set<UUID> ids(TestUser u, String sql) throws SQLException {
        return idsAs(u == null ? null : CrmWorld.claims(u), sql);
    }

    private static Set<UUID> idsAs(String claims, String sql) throws SQLException {
        try (Connection c = TestDatabase.runtime()) {
            c.setAutoCommit(false);
            setClaims(c, claims);
            Set<UUID> out = new HashSet<>();
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            c.rollback();
            return out;
        }
    }

    private static int update(TestUser u, String sql, Object... args) throws SQLException {
        return updateAs(CrmWorld.claims(u), sql, args);
    }

    /** Runs one statement as the runtime role with {@code claims}, then rolls back (tests leave no trace). */
    private static int updateAs(String claims, String sql, Object... args) throws SQLException {
        try (Connection c = TestDatabase.runtime()) {
            c.setAutoCommit(false);
            setClaims(c, claims);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            } finally {
                c.rollback();
            }
        }
    }

    private static void setClaims(Connection c, String claims) throws SQLException {
        if (claims == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
            ps.setString(1, claims);
            ps.execute();
        }
    }
}
