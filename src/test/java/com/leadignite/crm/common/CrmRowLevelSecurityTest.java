package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.TwoOrgTest;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The policies on their own, with no service code in the way: a connection as the runtime role, claims
 * set exactly as the service sets them, and queries without any WHERE clause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmRowLevelSecurityTest extends TwoOrgTest {

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
        leadAdminA = CrmRows.lead(org, admin.id(), null, "admin-own");
        leadAgentOwn = CrmRows.lead(org, agent.id(), null, "agent-own");
        leadAssigned = CrmRows.lead(org, admin.id(), agent.id(), "assigned");
        leadUser = CrmRows.lead(org, user.id(), null, "user-own");
        leadUser2 = CrmRows.lead(org, user2().id(), null, "user2-own");
        leadCaptured = CrmRows.lead(org, null, null, "captured");
        leadB = CrmRows.lead(otherOrg, otherAdmin.id(), null, "org-b");
        callUserOwn = CrmRows.call(org, leadUser, user.id());
        callAdminOnUserLead = CrmRows.call(org, leadUser, admin.id());
        callAssigned = CrmRows.call(org, leadAssigned, admin.id());
        callB = CrmRows.call(otherOrg, leadB, otherAdmin.id());
        assistantA = CrmRows.assistant(org, "a");
        assistantB = CrmRows.assistant(otherOrg, "b");
    }

    @Test
    void adminSeesEveryRowOfTheirOrgOnly() throws SQLException {
        assertThat(ids(admin, "select id from public.leads"))
                .containsExactlyInAnyOrder(leadAdminA, leadAgentOwn, leadAssigned, leadUser, leadUser2, leadCaptured);
        assertThat(ids(admin, "select id from public.calls")).containsExactlyInAnyOrder(callUserOwn, callAdminOnUserLead, callAssigned);
        assertThat(ids(admin, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void agentSeesOwnedAndAssignedLeadsAndTheirCalls() throws SQLException {
        assertThat(ids(agent, "select id from public.leads")).containsExactlyInAnyOrder(leadAgentOwn, leadAssigned);
        assertThat(ids(agent, "select id from public.calls")).containsExactly(callAssigned);
        assertThat(ids(agent2(), "select id from public.leads")).isEmpty();
        assertThat(ids(agent, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void userSeesOnlyOwnLeadsAndOwnCalls() throws SQLException {
        assertThat(ids(user, "select id from public.leads")).containsExactly(leadUser);
        assertThat(ids(user, "select id from public.calls")).containsExactly(callUserOwn);
        assertThat(ids(user2(), "select id from public.leads")).containsExactly(leadUser2);
        assertThat(ids(user2(), "select id from public.calls")).isEmpty();
        assertThat(ids(user, "select id from public.assistants")).containsExactly(assistantA);
    }

    @Test
    void withoutClaimsNothingIsVisible() throws SQLException {
        for (String t : new String[] {"leads", "calls", "assistants"}) {
            assertThat(ids(null, "select id from public." + t)).as(t).isEmpty();
        }
    }

    @Test
    void writesToAnotherOrgAffectNothingOrFail() throws SQLException {
        for (TestUser u : new TestUser[] {admin, agent, user}) {
            assertThat(update(u, "update public.leads set status = 'converted' where id = ?", leadB)).isZero();
            assertThat(update(u, "delete from public.leads where id = ?", leadB)).isZero();
            assertThat(update(u, "update public.leads set status = 'converted'")).as("unfiltered update as " + u.role())
                    .isLessThanOrEqualTo(u.role().equals("admin") ? 6 : 2);
            assertThat(update(u, "delete from public.assistants where id = ?", assistantB)).isZero();
            assertThatThrownBy(() -> update(u, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'x')", otherOrg, u.id()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            assertThatThrownBy(() -> update(u, "insert into public.assistants (org_id, name, provider) values (?, 'x', 'vapi')", otherOrg))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(CrmRows.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");
    }

    @Test
    void onlyAdminsDeleteLeadsAndNobodyDeletesCallsDirectly() throws SQLException {
        assertThat(update(agent, "delete from public.leads where id = ?", leadAgentOwn)).isZero();
        assertThat(update(user, "delete from public.leads where id = ?", leadUser)).isZero();
        assertThatThrownBy(() -> update(admin, "delete from public.calls where id = ?", callAssigned))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(update(admin, "delete from public.leads where id = ? and false", leadAdminA)).isZero();
    }

    @Test
    void nonAdminsCannotWriteAssistantsOrForgeOwnership() throws SQLException {
        assertThatThrownBy(() -> update(agent, "insert into public.assistants (org_id, name, provider) values (?, 'x', 'vapi')", org))
                .isInstanceOf(SQLException.class);
        assertThat(update(user, "update public.assistants set name = 'pwn'")).isZero();
        // A user cannot create a lead in someone else's name, nor one assigned to an agent.
        assertThatThrownBy(() -> update(user, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'x')", org, user2().id()))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(user, "insert into public.leads (org_id, owner_id, assigned_agent_id, first_name) values (?, ?, ?, 'x')",
                org, user.id(), agent.id())).isInstanceOf(SQLException.class);
        // Nor take over a lead by rewriting owner_id, nor move it to another org.
        assertThatThrownBy(() -> update(admin, "update public.leads set owner_id = ? where id = ?", admin.id(), leadUser))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(admin, "update public.leads set org_id = ? where id = ?", otherOrg, leadUser))
                .isInstanceOf(SQLException.class);
        // Admins may only assign agents of their own org.
        assertThatThrownBy(() -> update(admin, "update public.leads set assigned_agent_id = ? where id = ?", otherAgent().id(), leadAdminA))
                .isInstanceOf(SQLException.class);
        // A call cannot point at another org's lead or assistant.
        assertThatThrownBy(() -> update(admin, "insert into public.calls (org_id, lead_id, created_by, direction, started_at) values (?, ?, ?, 'inbound', now())",
                org, leadB, admin.id())).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> update(admin, "insert into public.calls (org_id, lead_id, created_by, assistant_id, direction, started_at) values (?, ?, ?, ?, 'inbound', now())",
                org, leadAdminA, admin.id(), assistantB)).isInstanceOf(SQLException.class);
        // A user cannot log a call on a lead they do not own.
        assertThatThrownBy(() -> update(user, "insert into public.calls (org_id, lead_id, created_by, direction, started_at) values (?, ?, ?, 'inbound', now())",
                org, leadUser2, user.id())).isInstanceOf(SQLException.class);
    }

    @Test
    void captureServiceMayOnlyInsertUnownedLeadsIntoItsOrg() throws SQLException {
        String capture = "{\"role\":\"service_capture\",\"app_metadata\":{\"org_id\":\"" + org + "\"}}";
        assertThat(idsAs(capture, "select id from public.leads")).isEmpty();
        assertThat(updateAs(capture, "insert into public.leads (org_id, first_name) values (?, 'form')", org)).isEqualTo(1);
        assertThatThrownBy(() -> updateAs(capture, "insert into public.leads (org_id, first_name) values (?, 'form')", otherOrg))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> updateAs(capture, "insert into public.leads (org_id, owner_id, first_name) values (?, ?, 'form')", org, admin.id()))
                .isInstanceOf(SQLException.class);
        assertThat(updateAs(capture, "update public.leads set status = 'converted'")).isZero();
    }

    @Test
    void webhookServiceWorksWithinItsOrgOnly() throws SQLException {
        String hook = "{\"role\":\"service_webhook\",\"app_metadata\":{\"org_id\":\"" + org + "\"}}";
        assertThat(idsAs(hook, "select id from public.leads")).contains(leadCaptured, leadUser).doesNotContain(leadB);
        assertThat(idsAs(hook, "select id from public.calls")).contains(callUserOwn).doesNotContain(callB);
        assertThat(updateAs(hook, "update public.calls set summary = 'x' where id = ?", callB)).isZero();
        assertThat(updateAs(hook, "update public.leads set status = 'contacted' where id = ?", leadB)).isZero();
        assertThat(updateAs(hook, "delete from public.leads where id = ?", leadCaptured)).isZero();
        assertThatThrownBy(() -> updateAs(hook, "insert into public.leads (org_id, first_name) values (?, 'x')", otherOrg))
                .isInstanceOf(SQLException.class);
    }

    // ------------------------------------------------------------------------------------------

    private static Set<UUID> ids(TestUser u, String sql) throws SQLException {
        return idsAs(u == null ? null : CrmRows.claims(u), sql);
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
        return updateAs(CrmRows.claims(u), sql, args);
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
