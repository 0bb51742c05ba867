package com.leadignite.crm.leads;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgTest;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first page of a lead list can be read from an index in the order asked for, not by sorting all of the
 * org's leads (migration V251), and only the filters a request asks for are in its statement. Planned as
 * the runtime role under the caller's claims and row-level security, with the values bound as the
 * repository binds them, both as the one-off (custom) plan and as the prepared (generic) plan the driver
 * switches to after a few calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadListPlanTest extends TwoOrgTest {

    @Autowired
    Database db;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LeadRepository leads;

    private static final SortSpec NEWEST_FIRST =
            SortSpec.parse(null, LeadService.SORTABLE, "created_at", SortSpec.Direction.desc);

    @BeforeAll
    void manyLeads() {
        for (UUID o : List.of(org, otherOrg)) {
            Fixtures.exec("insert into public.leads (org_id, owner_id, first_name, status, created_at) "
                    + "select ?, null, 'L' || n, 'new', now() - n * interval '1 minute' from generate_series(1, 3000) n", o);
        }
        Fixtures.exec("analyze public.leads");
    }

    private LeadRepository.Filter admins(String status, String q) {
        return new LeadRepository.Filter(org, "admin", admin.id(), status, q, null);
    }

    @Test
    void theFirstPageOfTheDefaultOrderIsReadFromTheIndexWithoutASort() {
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            String plan = plan(admins(null, null), mode);
            assertThat(plan).as(mode).contains("leads_org_order_idx").doesNotContain("Sort");
        }
    }

    @Test
    void anAbsentFilterIsNotInTheStatementAndAPresentOneIs() {
        String plain = listSql(admins(null, null), NEWEST_FIRST);
        assertThat(plain).doesNotContain(":status", ":assigned", ":q", ":uid", "is null");
        String filtered = listSql(admins("new", "%a%"), NEWEST_FIRST);
        assertThat(filtered).contains("l.status = :status", "ilike :q");
        assertThat(listSql(new LeadRepository.Filter(org, "agent", agent.id(), null, null, null), NEWEST_FIRST))
                .contains("l.owner_id = :uid or l.assigned_agent_id = :uid");
        assertThat(listSql(new LeadRepository.Filter(org, "user", user.id(), null, null, null), NEWEST_FIRST))
                .contains("l.owner_id = :uid").doesNotContain("assigned_agent_id = :uid");
    }

    @Test
    void theListStillReturnsTheNewestFirstAndCountsOnlyTheCallersOrg() {
        var page = db.as(new DbClaims.User(admin.id(), org, "admin", admin.email(), null)).read(() ->
                new Object[] {leads.list(admins(null, null), PageQuery.of(0, 20), NEWEST_FIRST), leads.count(admins(null, null))});
        @SuppressWarnings("unchecked")
        List<Lead> items = (List<Lead>) page[0];
        assertThat(items).hasSize(20).allMatch(l -> l.orgId().equals(org));
        assertThat(items).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
        assertThat((Long) page[1]).isEqualTo(3000L);
    }

    /** The repository's list statement for {@code f} (its constants, in its order). */
    private static String listSql(LeadRepository.Filter f, SortSpec sort) {
        return LeadRepository.SELECT + LeadRepository.WHERE[LeadRepository.shape(f)] + " order by " + sort.orderBy("l.id")
                + LeadRepository.PAGE;
    }

    /**
     * EXPLAIN of the repository's statement as the runtime role under the admin's claims: prepared (as
     * the driver prepares it after a few calls) and executed with the repository's values, under
     * {@code planCacheMode}, which picks the one-off (custom) or the reusable (generic) plan.
     */
    private String plan(LeadRepository.Filter f, String planCacheMode) {
        Map<String, Object> values = new HashMap<>(LeadRepository.params(f));
        values.put("limit", 20);
        values.put("offset", 0);
        var source = new MapSqlParameterSource(values);
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(listSql(f, NEWEST_FIRST));
        String positional = NamedParameterUtils.substituteNamedParameters(parsed, source);
        Object[] args = NamedParameterUtils.buildValueArray(parsed, source, null);
        StringBuilder sql = new StringBuilder();
        int n = 0;
        for (char c : positional.toCharArray()) {
            sql.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        StringBuilder literals = new StringBuilder();
        for (Object a : args) {
            literals.append(literals.isEmpty() ? "" : ", ").append(a instanceof Integer ? a.toString() : "'" + a + "'");
        }
        return db.as(new DbClaims.User(admin.id(), org, "admin", admin.email(), null)).read(() -> {
            jdbc.sql("select set_config('plan_cache_mode', :mode, true)").param("mode", planCacheMode)
                    .query(String.class).single();
            // The question is whether an index gives this order at all, not what the planner's estimates
            // (of a table other tests share) prefer today: with sorting priced out, a Sort node remains
            // only where no index can give the order.
            jdbc.sql("select set_config('enable_sort', 'off', true)").query(String.class).single();
            jdbc.sql("prepare lead_list_plan as " + sql).update();
            try {
                return String.join("\n", jdbc.sql("explain execute lead_list_plan(" + literals + ")")
                        .query(String.class).list());
            } finally {
                jdbc.sql("deallocate lead_list_plan").update();
            }
        });
    }
}
