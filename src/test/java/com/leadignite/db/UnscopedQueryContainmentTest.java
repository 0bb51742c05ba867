package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A query that forgot its tenant filter, reached through the real HTTP stack and through the service's
 * own transaction manager: row-level security alone still keeps other orgs' (and other users') rows out.
 */
class UnscopedQueryContainmentTest extends TwoOrgTest {

    @Autowired
    UnscopedLeadProbe.Queries queries;

    UUID leadUser;
    UUID leadAdmin;
    UUID leadB;

    @BeforeEach
    void setUp() {
        leadUser = CrmRows.lead(org, user.id(), null, "mine");
        leadAdmin = CrmRows.lead(org, admin.id(), null, "admin's");
        leadB = CrmRows.lead(otherOrg, otherAdmin.id(), null, "other org");
        CrmRows.call(otherOrg, leadB, otherAdmin.id());
    }

    @Test
    void throughHttpAnUnfilteredSelectReturnsOnlyTheCallersRows() {
        Http http = new Http(port);
        List<String> seen = new ArrayList<>();
        http.get("/test-only/unscoped/leads", "Authorization", user.bearer()).json().forEach(n -> seen.add(n.asString()));
        assertThat(seen).containsExactly(leadUser.toString());

        List<String> seenByAdmin = new ArrayList<>();
        http.get("/test-only/unscoped/leads", "Authorization", admin.bearer()).json().forEach(n -> seenByAdmin.add(n.asString()));
        assertThat(seenByAdmin).containsExactlyInAnyOrder(leadUser.toString(), leadAdmin.toString());

        assertThat(http.get("/test-only/unscoped/leads").status()).isEqualTo(401);
    }

    @Test
    void throughHttpUnfilteredWritesCannotReachAnotherOrg() {
        Http http = new Http(port);
        assertThat(http.post("/test-only/unscoped/leads/convert-all", "", "Authorization", admin.bearer()).body()).isEqualTo("2");
        assertThat(http.post("/test-only/unscoped/leads/" + leadB + "/delete", "", "Authorization", admin.bearer()).body()).isEqualTo("0");
        assertThat(CrmRows.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where id = ?", leadB)).isEqualTo(1);
    }

    @Test
    void inAServiceTransactionWithAUsersClaimsTheSameBugIsContained() {
        List<UUID> asUser = queries.allLeadIds(CrmRows.dbClaims(user));
        assertThat(asUser).containsExactly(leadUser);
        assertThat(queries.allCallIds(CrmRows.dbClaims(admin))).isEmpty();
        assertThat(queries.convertEveryLead(CrmRows.dbClaims(user))).isEqualTo(1);
        assertThat(queries.deleteLead(CrmRows.dbClaims(agent), leadUser)).isZero();
        assertThat(queries.deleteLead(CrmRows.dbClaims(admin), leadB)).isZero();
        // And with no caller at all (a forgotten transaction context), nothing.
        assertThat(queries.allLeadIdsWithoutClaims()).isEmpty();
        assertThat(queries.allLeadIds(DbClaims.ANONYMOUS)).isEmpty();
    }
}
