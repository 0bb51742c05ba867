package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Credentials stay with the auth component: the runtime role with the claims of any member of an org
 * (admin, agent, user) reads no password hash, refresh-token hash or sealed key, whatever table holds
 * them, and a member's {@code select *} over the org's users carries no hash. The credential columns
 * are found by name in the {@code auth} schema, so a new one is covered without touching this test.
 */
@IntegrationTest
class CredentialColumnsTest {

    /** Column names that hold a credential, or something derived from one (not timestamps such as password_auth_at). */
    static final String CREDENTIAL_NAME = "(password|token|secret|hash|_enc$|private)";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    UUID org;

    @AfterEach
    void cleanUp() {
        if (org != null) {
            fixtures.deleteOrg(org);
        }
    }

    @Test
    void noMemberReadsAnyCredentialColumn() throws SQLException {
        String email = "creds-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Http.Response up = new Http(port).post("/auth/v1/signup", Map.of("email", email, "password", "Glacier-Pencil-Orbit-42",
                "data", Map.of("org_name", "Credential secrecy")));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        JsonNode user = up.json().get("user");
        org = UUID.fromString(user.get("app_metadata").get("org_id").asString());
        UUID ownerId = UUID.fromString(user.get("id").asString());
        TestUser owner = new TestUser(ownerId, org, "admin", email, null, null);
        TestUser agent = fixtures.user(org, "agent");
        TestUser member = fixtures.user(org, "user");
        Fixtures.exec("""
                insert into auth.invitations (org_id, email, role, token_hash, created_by, expires_at)
                values (?, 'invitee@example.test', 'user', sha256(convert_to(gen_random_uuid()::text, 'UTF8')), ?, now() + interval '1 day')""",
                org, ownerId);

        List<String[]> columns = credentialColumns();
        assertThat(columns).as("the credential columns are found").extracting(c -> c[0] + "." + c[1])
                .contains("refresh_tokens.token_hash", "signing_keys.private_key_enc");
        assertThat(ownerCount("select count(*) from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id where s.user_id = ?",
                ownerId)).as("the signed-up admin has a refresh token to look for").isPositive();

        for (TestUser u : List.of(owner, agent, member)) {
            for (String[] col : columns) {
                boolean invitationHashForAdmin = u.role().equals("admin") && col[0].equals("invitations");
                if (invitationHashForAdmin) {
                    continue; // SHA-256 of a 256-bit random token: it redeems nothing (see V6__invitations)
                }
                assertThat(count(CrmRows.claims(u), "select count(*) from auth." + col[0] + " where " + col[1] + " is not null"))
                        .as(u.role() + " reads auth." + col[0] + "." + col[1]).isZero();
            }
            // The plain select a member's claims allow on the org's users: every column, no hash.
            List<String> cells = selectAll(CrmRows.claims(u), "select * from auth.users");
            assertThat(cells).as("a member sees the org's users").anyMatch(c -> c.contains(email));
            assertThat(cells).as(u.role() + " sees a password hash").noneMatch(c -> c.contains("$argon2"));
            assertThat(cells).noneMatch(c -> c.toLowerCase().startsWith("encrypted_password="));
        }
        // The hash exists, for the auth component only.
        assertThat(count("{\"role\":\"service_auth\"}", "select count(*) from auth.users u where u.id = '" + ownerId + "'"))
                .isEqualTo(1);
    }

    /** {table, column} of every credential-like column of the auth schema. */
    private static List<String[]> credentialColumns() throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement("""
                select table_name, column_name from information_schema.columns
                 where table_schema = 'auth' and column_name ~ ? and column_name !~ '_at$' order by 1, 2""")) {
            ps.setString(1, CREDENTIAL_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    private static long ownerCount(String sql, Object arg) throws SQLException {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(String claims, String sql) throws SQLException {
        List<String> cells = selectAll(claims, sql);
        return Long.parseLong(cells.get(0).substring(cells.get(0).indexOf('=') + 1));
    }

    /** Every cell of the result as {@code column=value}, as the runtime role with {@code claims}, rolled back. */
    private static List<String> selectAll(String claims, String sql) throws SQLException {
        try (Connection c = TestDatabase.runtime()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
                ps.setString(1, claims);
                ps.execute();
            }
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.add(md.getColumnName(i) + "=" + rs.getString(i));
                    }
                }
            } finally {
                c.rollback();
            }
            return out;
        }
    }
}
