package com.leadignite.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.TwoOrgTest;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The policies of {@code public.idempotency_keys} on their own: the runtime role with a user's claims
 * sees and changes only that user's keys, whatever the query says; the clean-up removes expired keys
 * of everyone and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyRowLevelSecurityTest extends TwoOrgTest {

    static final byte[] HASH = new byte[32];

    @Autowired
    IdempotencyCleanup cleanup;

    TestUser alice;
    TestUser bob;
    TestUser carol; // another org
    final String key = "rls-" + UUID.randomUUID();

    @BeforeAll
    void seed() {
        alice = admin;
        bob = fixtures.user(org, "admin");
        carol = otherAdmin;
        insert(alice, key, "{\"secret_of\":\"alice\"}", "1 day");
        insert(carol, key, "{\"secret_of\":\"carol\"}", "1 day");
    }

    static void insert(TestUser u, String key, String body, String expiresIn) {
        Fixtures.exec("""
                insert into public.idempotency_keys (user_id, org_id, key, request_hash, status, response_status, response_body, location, created_at, expires_at)
                values (?, ?, ?, ?, 'completed', 201, ?, '/api/v1/leads/x', now() + ?::interval - interval '1 day', now() + ?::interval)""",
                u.id(), u.orgId(), key, HASH, body, expiresIn, expiresIn);
    }

    @Test
    void eachUserSeesOnlyTheirOwnKeys() throws SQLException {
        assertThat(bodies(CrmRows.claims(alice), "select response_body from public.idempotency_keys"))
                .containsExactly("{\"secret_of\":\"alice\"}");
        assertThat(bodies(CrmRows.claims(carol), "select response_body from public.idempotency_keys"))
                .containsExactly("{\"secret_of\":\"carol\"}");
        // Bob (same org, even an admin) and a caller without claims see nothing, even asking for the key.
        assertThat(bodies(CrmRows.claims(bob), "select response_body from public.idempotency_keys")).isEmpty();
        assertThat(bodies(CrmRows.claims(bob), "select response_body from public.idempotency_keys where key = '" + key + "'")).isEmpty();
        assertThat(bodies(null, "select response_body from public.idempotency_keys")).isEmpty();
        // Claims naming Alice but another org (forged or stale) see nothing either.
        String wrongOrg = CrmRows.claims(alice).replace(org.toString(), otherOrg.toString());
        assertThat(bodies(wrongOrg, "select response_body from public.idempotency_keys")).isEmpty();
    }

    @Test
    void nobodyWritesAnotherUsersKeys() throws SQLException {
        String bobs = CrmRows.claims(bob);
        assertThat(update(bobs, "update public.idempotency_keys set response_body = '{}' where user_id <> '" + bob.id() + "'")).isZero();
        assertThat(update(bobs, "delete from public.idempotency_keys where user_id <> '" + bob.id() + "'")).isZero();
        assertThatThrownBy(() -> update(bobs, """
                insert into public.idempotency_keys (user_id, org_id, key, request_hash, status, expires_at)
                values ('%s', '%s', 'planted', '\\x%s', 'in_progress', now() + interval '1 day')"""
                .formatted(alice.id(), org, "00".repeat(32)))).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        // Nor move one of their own keys to someone else.
        assertThatThrownBy(() -> update(CrmRows.claims(alice), "update public.idempotency_keys set user_id = '" + bob.id() + "'"))
                .isInstanceOf(SQLException.class);
        assertThat(CrmRows.ownerString("select response_body from public.idempotency_keys where user_id = ? and key = ?", alice.id(), key))
                .isEqualTo("{\"secret_of\":\"alice\"}");
    }

    @Test
    void theCleanUpRemovesExpiredKeysOfEveryoneAndNothingElse() {
        String expired = "expired-" + UUID.randomUUID();
        insert(alice, expired, "{}", "-1 minute");
        insert(carol, expired, "{}", "-1 second");
        String live = "live-" + UUID.randomUUID();
        insert(bob, live, "{}", "1 minute");
        assertThat(cleanup.purge()).isGreaterThanOrEqualTo(2);
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where key = ?", expired)).isZero();
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where key = ?", live)).isEqualTo(1);
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where key = ?", key)).isEqualTo(2);
    }

    @Test
    void theRuntimeRoleCannotDeleteLiveKeysThroughThePurgeFunction() throws SQLException {
        // Whatever limit it passes, the definer function only ever touches expired rows.
        try (Connection c = TestDatabase.runtime(); PreparedStatement ps = c.prepareStatement("select public.idempotency_keys_purge(?)")) {
            ps.setInt(1, Integer.MAX_VALUE);
            ps.execute();
        }
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where key = ?", key)).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------

    private static List<String> bodies(String claims, String sql) throws SQLException {
        try (Connection c = TestDatabase.runtime()) {
            c.setAutoCommit(false);
            setClaims(c, claims);
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            c.rollback();
            return out;
        }
    }

    /** One statement as the runtime role with {@code claims}, rolled back. */
    private static int update(String claims, String sql) throws SQLException {
        try (Connection c = TestDatabase.runtime()) {
            c.setAutoCommit(false);
            setClaims(c, claims);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
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
