package com.leadignite.support;

import com.leadignite.auth.token.AccessTokenIssuer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Creates orgs, users and live sessions straight in the test database (as the owner) and signs access
 * tokens for them with the service's own key, so feature tests need not go through sign-up. Every
 * org it creates is removed by {@link #deleteOrg}; tests call it in {@code @AfterEach}/{@code @AfterAll}.
 */
@Component
public class Fixtures {

    private final AccessTokenIssuer issuer;

    public Fixtures(AccessTokenIssuer issuer) {
        this.issuer = issuer;
    }

    public record TestUser(UUID id, UUID orgId, String role, String email, UUID sessionId, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    public UUID createOrg(String name) {
        UUID id = UUID.randomUUID();
        exec("insert into public.organizations (id, name) values (?, ?)", id, name);
        return id;
    }

    /** A user of {@code orgId} with {@code role}, signed in with a password just now. */
    public TestUser user(UUID orgId, String role) {
        return user(orgId, role, Instant.now());
    }

    public TestUser user(UUID orgId, String role, Instant passwordAuthAt) {
        UUID id = UUID.randomUUID();
        String email = role + "-" + id.toString().substring(0, 8) + "@example.test";
        exec("insert into auth.users (id, org_id, email, role) values (?, ?, ?, ?)", id, orgId, email, role);
        UUID session = newSession(id);
        return new TestUser(id, orgId, role, email, session, token(id, orgId, role, email, session, passwordAuthAt));
    }

    public UUID newSession(UUID userId) {
        UUID session = UUID.randomUUID();
        exec("insert into auth.sessions (id, user_id, not_after) values (?, ?, now() + interval '1 day')", session, userId);
        return session;
    }

    public String token(UUID userId, UUID orgId, String role, String email, UUID sessionId, Instant passwordAuthAt) {
        return issuer.issue(new AccessTokenIssuer.Subject(userId, orgId, role, email, "email", Map.of(), sessionId,
                List.of(new AccessTokenIssuer.AmrEntry("password", passwordAuthAt.getEpochSecond())))).token();
    }

    /** Removes an org and everything in it, audit rows included (as the owner, bypassing append-only). */
    public void deleteOrg(UUID orgId) {
        try (Connection c = TestDatabase.owner()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("set session_replication_role = replica"); // skip FK and trigger checks while purging
            }
            for (String table : tablesWithOrgId(c)) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where org_id = ?")) {
                    ps.setObject(1, orgId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from auth.sessions where user_id not in (select id from auth.users)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from auth.identities where user_id not in (select id from auth.users)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from auth.oidc_auth_codes where user_id not in (select id from auth.users)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from public.organizations where id = ?")) {
                ps.setObject(1, orgId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from public.audit_chain_heads where org_key = ?")) {
                ps.setObject(1, orgId);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tablesWithOrgId(Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (var rs = c.createStatement().executeQuery("""
                select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.columns
                 where column_name = 'org_id' and table_schema in ('public', 'auth')
                   and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')""")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static void exec(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of {@code sql} as the migration owner (null without a row). */
    public static <T> T single(Class<T> type, String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, type) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
