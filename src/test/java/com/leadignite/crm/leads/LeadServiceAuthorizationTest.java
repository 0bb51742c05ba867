package com.leadignite.crm.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.crm.assistants.AssistantService;
import com.leadignite.crm.calls.CallService;
import com.leadignite.crm.common.CrmRows;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import com.leadignite.db.Database;
import com.leadignite.support.TestClaims;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.TwoOrgTest;
import com.leadignite.web.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The service layer's own checks, isolated from row-level security: the database runs with the org
 * admin's (broad) claims while the service is called for a narrower caller. What the admin's claims
 * would let through, the role and ownership checks in Java must still stop.
 */
class LeadServiceAuthorizationTest extends TwoOrgTest {

    @Autowired
    Database db;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    LeadService leads;
    @Autowired
    CallService calls;
    @Autowired
    AssistantService assistants;

    UUID leadAdmin;
    UUID leadUser;
    UUID callAdminOnUserLead;

    @BeforeEach
    void setUp() {
        leadAdmin = CrmRows.lead(org, admin.id(), null, "admin");
        leadUser = CrmRows.lead(org, user.id(), null, "user");
        callAdminOnUserLead = CrmRows.call(org, leadUser, admin.id());
    }

    static AuthenticatedUser caller(TestUser u) {
        return new AuthenticatedUser(u.id(), u.orgId(), AuthenticatedUser.Role.valueOf(u.role()), u.email(), u.sessionId(), Instant.now());
    }

    /** Inside a transaction this test holds with the admin's claims, which the services' work joins. */
    <T> T asAdminClaims(java.util.function.Supplier<T> work) {
        return tx.execute(s -> {
            TestClaims.set(jdbc, db, CrmRows.dbClaims(admin));
            return work.get();
        });
    }

    static int status(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (ApiException e) {
            return e.status().value();
        }
    }

    @Test
    void ownershipIsCheckedInJavaToo() {
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(agent), leadAdmin)))).isEqualTo(404);
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(user2()), leadUser)))).isEqualTo(404);
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(user), leadUser)))).isEqualTo(200);
        var page = asAdminClaims(() -> leads.list(caller(user), new LeadService.ListQuery(null, null, null, PageQuery.of(0, 100),
                SortSpec.parse(null, LeadService.SORTABLE, "created_at", SortSpec.Direction.desc))));
        assertThat(page.items()).extracting(Lead::id).containsExactly(leadUser);
        assertThat(page.total()).isEqualTo(1);
        // A user sees only the calls they logged, even on their own lead.
        assertThat(status(() -> asAdminClaims(() -> calls.get(caller(user), callAdminOnUserLead)))).isEqualTo(404);
    }

    @Test
    void rolesAreCheckedInJavaToo() {
        assertThat(status(() -> asAdminClaims(() -> {
            leads.delete(caller(agent), leadAdmin);
            return null;
        }))).isEqualTo(403);
        assertThat(status(() -> asAdminClaims(() -> leads.assign(caller(user), leadAdmin, agent.id())))).isEqualTo(403);
        assertThat(status(() -> asAdminClaims(() -> assistants.create(caller(agent),
                new com.leadignite.crm.assistants.AssistantInput("x", "vapi", null, null, null))))).isEqualTo(403);
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where id = ?", leadAdmin)).isEqualTo(1);
        assertThat(CrmRows.ownerCount("select count(*) from public.assistants where org_id = ?", org)).isZero();
    }

    @Test
    void anotherOrgsCallerIsRefusedEvenWithClaimsOfThisOrg() {
        // (The denial's audit row cannot be written here, the claims being of another org than the caller:
        // the refusal surfaces as an exception of some kind; what matters is that nothing is read or changed.)
        assertThatThrownBy(() -> asAdminClaims(() -> leads.get(caller(otherAdmin), leadAdmin)));
        assertThatThrownBy(() -> asAdminClaims(() -> leads.update(caller(otherAdmin), leadAdmin,
                new com.leadignite.crm.common.Patch<>(new LeadInput("Hijack", null, null, null, null, null, null, null), java.util.Set.of("first_name")))))
                .isInstanceOf(RuntimeException.class);
        assertThat(CrmRows.ownerString("select first_name from public.leads where id = ?", leadAdmin)).isEqualTo("admin");
    }
}
