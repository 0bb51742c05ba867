package com.leadignite.crm.common;

import com.leadignite.db.DbClaims;
import com.leadignite.support.Fixtures.TestUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import com.leadignite.support.TestDatabase;

/**
 * CRM rows seeded straight into the test database as its owner (past the service and row-level security),
 * and owner-side reads to check what a request left behind. The orgs and users come from
 * {@link com.leadignite.support.TwoOrgTest}.
 */
public final class CrmRows {

    private CrmRows() {
    }

    /** The claims JSON the service would set for {@code u} (the shape of db.Database#json). */
    public static String claims(TestUser u) {
        return "{\"sub\":\"" + u.id() + "\",\"role\":\"authenticated\",\"app_metadata\":{\"org_id\":\"" + u.orgId()
                + "\",\"role\":\"" + u.role() + "\"}}";
    }

    /** The claims of {@code u} once confirmed, as its service transactions carry them. */
    public static DbClaims.User dbClaims(TestUser u) {
        return new DbClaims.User(u.id(), u.orgId(), u.role(), u.email(), u.sessionId());
    }

    public static UUID lead(UUID org, UUID owner, UUID assigned, String firstName) {
        return insertReturningId("insert into public.leads (org_id, owner_id, assigned_agent_id, first_name) values (?, ?, ?, ?) returning id",
                org, owner, assigned, firstName);
    }

    public static UUID call(UUID org, UUID lead, UUID createdBy) {
        return insertReturningId("insert into public.calls (org_id, lead_id, created_by, direction, started_at) values (?, ?, ?, 'outbound', now()) returning id",
                org, lead, createdBy);
    }

    public static UUID assistant(UUID org, String name) {
        return insertReturningId("insert into public.assistants (org_id, name, provider) values (?, ?, 'vapi') returning id", org, name);
    }

    public static long ownerCount(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String ownerString(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID insertReturningId(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
