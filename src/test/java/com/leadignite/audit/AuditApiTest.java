package com.leadignite.audit;

import com.leadignite.support.TwoOrgTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.users.OwnerQueries;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

class AuditApiTest extends TwoOrgTest {

    @Test
    void listFiltersAndPaginatesWithinTheOwnOrg() {
        Instant start = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        String keyId = http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of()), "Authorization", admin.bearer())
                .json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/api/v1/invitations", Map.of("email", "p" + i + "@example.test", "role", "user"),
                    "Authorization", admin.bearer()).status()).isEqualTo(201);
        }
        assertThat(http.get("/api/v1/users", "Authorization", agent.bearer()).status()).isEqualTo(403); // a denial
        http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of()), "Authorization", otherAdmin.bearer());

        JsonNode all = list("");
        assertThat(all.get("total").asLong()).isEqualTo(5);
        for (JsonNode e : all.get("items")) {
            assertThat(e.get("org_id").asString()).isEqualTo(org.toString());
        }
        assertThat(list("?action=create&entity_type=invitation").get("total").asLong()).isEqualTo(3);
        assertThat(list("?entity_type=form_key&entity_id=" + keyId).get("total").asLong()).isEqualTo(1);
        JsonNode denied = list("?actor_id=" + agent.id());
        assertThat(denied.get("total").asLong()).isEqualTo(1);
        assertThat(denied.get("items").get(0).get("action").asString()).isEqualTo("access_denied");
        assertThat(denied.get("items").get(0).get("outcome").asString()).isEqualTo("denied");
        assertThat(list("?from=" + enc(start.toString())).get("total").asLong()).isEqualTo(5);
        assertThat(list("?to=" + enc(start.toString())).get("total").asLong()).isZero();
        assertThat(list("?from=" + enc(start.plusSeconds(3600).toString())).get("total").asLong()).isZero();

        JsonNode page0 = list("?size=2&page=0");
        JsonNode page2 = list("?size=2&page=2");
        assertThat(page0.get("items").size()).isEqualTo(2);
        assertThat(page0.get("total").asLong()).isEqualTo(5);
        assertThat(page2.get("items").size()).isEqualTo(1);
        // Newest first.
        assertThat(page0.get("items").get(0).get("action").asString()).isEqualTo("access_denied");
        assertThat(page2.get("items").get(0).get("entity_id").asString()).isEqualTo(keyId);

        // The other org's admin sees only their own org's single row.
        var other = http.get("/api/v1/audit-events", "Authorization", otherAdmin.bearer());
        assertThat(other.json().get("total").asLong()).isEqualTo(1);
        assertThat(other.body()).doesNotContain(org.toString());
        assertThat(http.get("/api/v1/audit-events?entity_id=" + keyId, "Authorization", otherAdmin.bearer())
                .json().get("total").asLong()).isZero();
    }

    @Test
    void badFiltersAre400() {
        for (String q : List.of("actor_id=nope", "entity_type=leads", "action=DROP%20TABLE", "from=yesterday",
                "to=2026-13-01T00:00:00Z", "size=0", "size=101", "page=-1", "entity_id=" + "x".repeat(101))) {
            assertThat(http.get("/api/v1/audit-events?" + q, "Authorization", admin.bearer()).status()).as(q).isEqualTo(400);
        }
    }

    @Test
    void onlyAdminsReadTheLog() {
        assertThat(http.get("/api/v1/audit-events", "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/audit-events").status()).isEqualTo(401);
        assertThat(http.get("/api/v1/audit-events/verify").status()).isEqualTo(401);
    }

    @Test
    void verifyNamesTheRowTheOwnerAltered() {
        makeEvents(4);
        JsonNode ok = verify(admin);
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("checked").asLong()).isEqualTo(4);
        assertThat(ok.has("first_broken_id")).isFalse();

        UUID victim = eventIds().get(1);
        Fixtures.exec("update public.audit_events set details = '{\"after\":{\"role\":\"admin\"}}'::jsonb where id = ?", victim);
        JsonNode broken = verify(admin);
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("checked").asLong()).isEqualTo(4);
        assertThat(broken.get("first_broken_id").asString()).isEqualTo(victim.toString());
        // The other org's chain is unaffected.
        assertThat(verify(otherAdmin).get("valid").asBoolean()).isTrue();
    }

    @Test
    void reHashingAnAlteredRowStillBreaksTheLinkToTheNextRow() {
        makeEvents(3);
        List<UUID> ids = eventIds();
        Fixtures.exec("""
                update public.audit_events a set details = '{"forged":true}'::jsonb where id = ?""", ids.get(1));
        Fixtures.exec("""
                update public.audit_events a set hash = public.audit_event_hash(a.prev_hash, a) where id = ?""", ids.get(1));
        JsonNode r = verify(admin);
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(r.get("first_broken_id").asString()).isEqualTo(ids.get(2).toString());
    }

    @Test
    void verifyNoticesRemovedRowsInTheMiddleAndAtTheEnd() {
        makeEvents(4);
        List<UUID> ids = eventIds();
        Fixtures.exec("delete from public.audit_events where id = ?", ids.get(1));
        JsonNode middle = verify(admin);
        assertThat(middle.get("valid").asBoolean()).isFalse();
        assertThat(middle.get("first_broken_id").asString()).isEqualTo(ids.get(2).toString());

        fixtures.deleteOrg(org); // start over with a clean chain
        org = fixtures.createOrg("Audit Org");
        admin = fixtures.user(org, "admin");
        makeEvents(3);
        ids = eventIds();
        Fixtures.exec("delete from public.audit_events where id = ?", ids.get(2));
        JsonNode tail = verify(admin);
        assertThat(tail.get("valid").asBoolean()).isFalse();
        assertThat(tail.get("first_broken_id").asString()).isEqualTo(ids.get(1).toString());
        assertThat(tail.get("reason").asString()).isEqualTo("tail_missing");
    }

    @Test
    void verifyNamesSwappedRows() {
        makeEvents(4);
        List<UUID> ids = eventIds();
        // Owner-side reordering: rows 2 and 3 trade places in the chain.
        Fixtures.exec("update public.audit_events set chain_pos = -chain_pos where id in (?, ?)", ids.get(1), ids.get(2));
        Fixtures.exec("update public.audit_events set chain_pos = case when id = ? then 3 else 2 end where id in (?, ?)",
                ids.get(1), ids.get(1), ids.get(2));
        JsonNode r = verify(admin);
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(r.get("first_broken_id").asString()).isEqualTo(ids.get(2).toString());
        assertThat(r.get("reason").asString()).isEqualTo("link_mismatch");
    }

    @Test
    void verifyNamesTheRowAfterOneSlippedIntoTheChain() {
        makeEvents(3);
        List<UUID> ids = eventIds();
        // A forged row hashed exactly as the trigger would, between rows 1 and 2: it checks out on its own,
        // but row 2 no longer follows the row before it.
        Fixtures.exec("update public.audit_events set chain_pos = chain_pos * 10 where org_id = ?", org);
        forge(15, ids.get(0));
        JsonNode r = verify(admin);
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(r.get("first_broken_id").asString()).isEqualTo(ids.get(1).toString());
        assertThat(r.get("reason").asString()).isEqualTo("link_mismatch");
        assertThat(r.get("checked").asLong()).isEqualTo(4);
    }

    @Test
    void aRowFarBeyondTheChainIsReachedWithoutWalkingTheGap() {
        makeEvents(2);
        List<UUID> ids = eventIds();
        UUID forged = forge(1_000_000_000_000_000L, ids.get(1)); // a gap of 10^18 positions
        var r = http.send(http.request("/api/v1/audit-events/verify").timeout(java.time.Duration.ofSeconds(20)).GET(),
                "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("first_broken_id").asString()).isEqualTo(forged.toString());
        assertThat(r.json().get("checked").asLong()).isEqualTo(3);
    }

    @Test
    void theRuntimeRoleCanNeitherUpdateNorDeleteAuditRows() throws Exception {
        makeEvents(1);
        UUID id = eventIds().get(0);
        String claims = "{\"sub\":\"" + admin.id() + "\",\"role\":\"authenticated\",\"app_metadata\":{\"org_id\":\"" + org
                + "\",\"role\":\"admin\"}}";
        for (String sql : List.of("update public.audit_events set details = '{}'::jsonb where id = '" + id + "'",
                "delete from public.audit_events where id = '" + id + "'",
                "truncate public.audit_events",
                "update public.audit_chain_heads set last_hash = '\\x00'::bytea")) {
            try (var c = TestDatabase.runtime()) {
                c.setAutoCommit(false);
                try (var ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
                    ps.setString(1, claims);
                    ps.execute();
                }
                try (var st = c.createStatement()) {
                    st.execute(sql);
                    throw new AssertionError("runtime role could run: " + sql);
                } catch (java.sql.SQLException e) {
                    assertThat(e.getSQLState()).as(sql).isEqualTo("42501");
                } finally {
                    c.rollback();
                }
            }
        }
        assertThat(verify(admin).get("valid").asBoolean()).isTrue();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void makeEvents(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of("https://s" + i + ".example.com")),
                    "Authorization", admin.bearer()).status()).isEqualTo(201);
        }
    }

    /** Owner-side: a row of the org at {@code pos} linked to {@code after}'s hash, hashed as the trigger hashes. */
    private UUID forge(long pos, UUID after) {
        UUID id = UUID.randomUUID();
        try (var c = TestDatabase.owner()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("set local session_replication_role = replica"); // no trigger: the row is chained here
            }
            try (var ps = c.prepareStatement("""
                    insert into public.audit_events (id, org_id, action, entity_type, outcome, details, prev_hash, hash, chain_pos)
                    select ?, ?, 'create', 'lead', 'success', '{}'::jsonb, p.hash, '\\x00'::bytea, ?
                      from public.audit_events p where p.id = ?""")) {
                ps.setObject(1, id);
                ps.setObject(2, org);
                ps.setLong(3, pos);
                ps.setObject(4, after);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (var ps = c.prepareStatement(
                    "update public.audit_events a set hash = public.audit_event_hash(a.prev_hash, a) where id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private List<UUID> eventIds() {
        List<UUID> out = new ArrayList<>();
        OwnerQueries.rows("select id from public.audit_events where org_id = ? order by seq", org)
                .forEach(r -> out.add((UUID) r.get("id")));
        return out;
    }

    private JsonNode verify(TestUser who) {
        var r = http.get("/api/v1/audit-events/verify", "Authorization", who.bearer());
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private JsonNode list(String query) {
        var r = http.get("/api/v1/audit-events" + query, "Authorization", admin.bearer());
        assertThat(r.status()).as(query).isEqualTo(200);
        return r.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
