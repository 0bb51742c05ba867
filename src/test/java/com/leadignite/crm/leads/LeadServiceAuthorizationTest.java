package com.leadignite.crm.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.crm.assistants.AssistantService;
import com.leadignite.crm.calls.CallService;
import com.leadignite.crm.common.CrmWorld;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import com.leadignite.db.Database;
import com.leadignite.support.TestClaims;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.IntegrationTest;
import com.leadignite.web.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The service layer's own checks, isolated from row-level security: the database runs with the org
 * admin's (broad) claims while the service is called for a narrower caller. What the admin's claims
 * would let through, the role and ownership checks in Java must still stop.
 */
@IntegrationTest
class LeadServiceAuthorizationTest {

    @Autowired
    Fixtures fixtures;
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

    CrmWorld w;
    UUID leadAdmin;
    UUID leadUser;
    UUID callAdminOnUserLead;

    @BeforeEach
    void setUp() {
        w = new CrmWorld(fixtures);
        leadAdmin = CrmWorld.lead(w.orgA, w.adminA.id(), null, "admin");
        leadUser = CrmWorld.lead(w.orgA, w.userA.id(), null, "user");
        callAdminOnUserLead = CrmWorld.call(w.orgA, leadUser, w.adminA.id());
    }

    @AfterEach
    void tearDown() {
        w.delete();
    }

    static AuthenticatedUser caller(TestUser u) {
        return new AuthenticatedUser(u.id(), u.orgId(), AuthenticatedUser.Role.valueOf(u.role()), u.email(), u.sessionId(), Instant.now());
    }

    /** Inside a transaction this test holds with the admin's claims, which the services' work joins. */
    <T> T asAdminClaims(java.util.function.Supplier<T> work) {
        return tx.execute(s -> {
            TestClaims.set(jdbc, db, CrmWorld.dbClaims(w.adminA));
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
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(w.agentA), leadAdmin)))).isEqualTo(404);
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(w.user2A), leadUser)))).isEqualTo(404);
        assertThat(status(() -> asAdminClaims(() -> leads.get(caller(w.userA), leadUser)))).isEqualTo(200);
        var page = asAdminClaims(() -> leads.list(caller(w.userA), new LeadService.ListQuery(null, null, null, PageQuery.of(0, 100),
                SortSpec.parse(null, LeadService.SORTABLE, "created_at", SortSpec.Direction.desc))));
        assertThat(page.items()).extracting(Lead::id).containsExactly(leadUser);
        assertThat(page.total()).isEqualTo(1);
        // A user sees only the calls they logged, even on their own lead.
        assertThat(status(() -> asAdminClaims(() -> calls.get(caller(w.userA), callAdminOnUserLead)))).isEqualTo(404);
    }

    @Test
    void rolesAreCheckedInJavaToo() {
        assertThat(status(() -> asAdminClaims(() -> {
            leads.delete(caller(w.agentA), leadAdmin);
            return null;
        }))).isEqualTo(403);
        assertThat(status(() -> asAdminClaims(() -> leads.assign(caller(w.userA), leadAdmin, w.agentA.id())))).isEqualTo(403);
        assertThat(status(() -> asAdminClaims(() -> assistants.create(caller(w.agentA),
                new com.leadignite.crm.assistants.AssistantInput("x", "vapi", null, null, null))))).isEqualTo(403);
        assertThat(CrmWorld.ownerCount("select count(*) from public.leads where id = ?", leadAdmin)).isEqualTo(1);
        assertThat(CrmWorld.ownerCount("select count(*) from public.assistants where org_id = ?", w.orgA)).isZero();
    }

    @Test
    void anotherOrgsCallerIsRefusedEvenWithClaimsOfThisOrg() {
        // (The denial's audit row cannot be written here, the claims being of another org than the caller:
        // the refusal surfaces as an exception of some kind; what matters is that nothing is read or changed.)
        assertThatThrownBy(() -> asAdminClaims(() -> leads.get(caller(w.adminB), leadAdmin)));
        assertThatThrownBy(() -> asAdminClaims(() -> leads.update(caller(w.adminB), leadAdmin,
                new com.leadignite.crm.common.Patch<>(new LeadInput("Hijack", null, null, null, null, null, null, null), java.util.Set.of("first_name")))))
                .isInstanceOf(RuntimeException.class);
        assertThat(CrmWorld.ownerString("select first_name from public.leads where id = ?", leadAdmin)).isEqualTo("admin");
    }
}
