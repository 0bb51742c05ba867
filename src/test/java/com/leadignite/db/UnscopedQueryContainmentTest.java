package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmWorld;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A query that forgot its tenant filter, reached through the real HTTP stack and through the service's
 * own transaction manager: row-level security alone still keeps other orgs' (and other users') rows out.
 */
@IntegrationTest
class UnscopedQueryContainmentTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UnscopedLeadProbe.Queries queries;

    CrmWorld w;
    UUID leadUser;
    UUID leadAdmin;
    UUID leadB;

    @BeforeEach
    void setUp() {
        w = new CrmWorld(fixtures);
        leadUser = CrmWorld.lead(w.orgA, w.userA.id(), null, "mine");
        leadAdmin = CrmWorld.lead(w.orgA, w.adminA.id(), null, "admin's");
        leadB = CrmWorld.lead(w.orgB, w.adminB.id(), null, "other org");
        CrmWorld.call(w.orgB, leadB, w.adminB.id());
    }

    @AfterEach
    void tearDown() {
        w.delete();
    }

    @Test
    void throughHttpAnUnfilteredSelectReturnsOnlyTheCallersRows() {
        Http http = new Http(port);
        List<String> seen = new ArrayList<>();
        http.get("/test-only/unscoped/leads", "Authorization", w.userA.bearer()).json().forEach(n -> seen.add(n.asString()));
        assertThat(seen).containsExactly(leadUser.toString());

        List<String> admin = new ArrayList<>();
        http.get("/test-only/unscoped/leads", "Authorization", w.adminA.bearer()).json().forEach(n -> admin.add(n.asString()));
        assertThat(admin).containsExactlyInAnyOrder(leadUser.toString(), leadAdmin.toString());

        assertThat(http.get("/test-only/unscoped/leads").status()).isEqualTo(401);
    }

    @Test
    void throughHttpUnfilteredWritesCannotReachAnotherOrg() {
        Http http = new Http(port);
        assertThat(http.post("/test-only/unscoped/leads/convert-all", "", "Authorization", w.adminA.bearer()).body()).isEqualTo("2");
        assertThat(http.post("/test-only/unscoped/leads/" + leadB + "/delete", "", "Authorization", w.adminA.bearer()).body()).isEqualTo("0");
        assertThat(CrmWorld.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");
        assertThat(CrmWorld.ownerCount("select count(*) from public.leads where id = ?", leadB)).isEqualTo(1);
    }

    @Test
    void inAServiceTransactionWithAUsersClaimsTheSameBugIsContained() {
        List<UUID> asUser = DbContext.callAs(CrmWorld.claims(w.userA), queries::allLeadIds);
        assertThat(asUser).containsExactly(leadUser);
        assertThat(DbContext.callAs(CrmWorld.claims(w.adminA), queries::allCallIds)).isEmpty();
        assertThat(DbContext.callAs(CrmWorld.claims(w.userA), queries::convertEveryLead)).isEqualTo(1);
        assertThat(DbContext.callAs(CrmWorld.claims(w.agentA), () -> queries.deleteLead(leadUser))).isZero();
        assertThat(DbContext.callAs(CrmWorld.claims(w.adminA), () -> queries.deleteLead(leadB))).isZero();
        // And with no caller at all (a forgotten transaction context), nothing.
        assertThat(queries.allLeadIds()).isEmpty();
    }
}
