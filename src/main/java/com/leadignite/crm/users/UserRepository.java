package com.leadignite.crm.users;

import com.leadignite.web.SortSpec;
import com.leadignite.web.PageQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL over {@code auth.users}/{@code auth.sessions} as the calling admin: row-level security limits every
 * statement to the caller's org, and the guard triggers limit admin updates to role and lock state.
 */
@Repository
class UserRepository {

    private static final String COLUMNS = "id, org_id, email, role, locked_at, created_at, updated_at, last_sign_in_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<UserResource> list(UUID orgId, PageQuery paging, SortSpec sort) {
        // ORDER BY comes from the sort allow-list only.
        return jdbc.sql("select " + COLUMNS + " from auth.users where org_id = :org order by " + sort.orderBy("id")
                        + ", id limit :limit offset :offset")
                .param("org", orgId)
                .param("limit", paging.size())
                .param("offset", paging.offset())
                .query(UserRepository::map)
                .list();
    }

    long count(UUID orgId) {
        return jdbc.sql("select count(*) from auth.users where org_id = :org").param("org", orgId)
                .query(Long.class).single();
    }

    Optional<UserResource> find(UUID orgId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from auth.users where id = :id and org_id = :org")
                .param("id", id).param("org", orgId)
                .query(UserRepository::map).optional();
    }

    /**
     * Locks the org's admin rows in id order and returns the ones that are still active admins. Every
     * role/lock change takes this lock first, so two admins demoting or locking each other at the same
     * moment are serialized and the second one sees the first one's result.
     */
    List<UUID> lockActiveAdmins(UUID orgId) {
        return jdbc.sql("""
                select id, locked_at from auth.users
                 where org_id = :org and role = 'admin'
                 order by id
                 for update""")
                .param("org", orgId)
                .query((rs, n) -> rs.getObject("locked_at") == null ? rs.getObject("id", UUID.class) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    Optional<UserResource> findForUpdate(UUID orgId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from auth.users where id = :id and org_id = :org for update")
                .param("id", id).param("org", orgId)
                .query(UserRepository::map).optional();
    }

    void setRole(UUID orgId, UUID id, String role) {
        jdbc.sql("update auth.users set role = :role, updated_at = now() where id = :id and org_id = :org")
                .param("role", role).param("id", id).param("org", orgId).update();
    }

    void setLocked(UUID orgId, UUID id, boolean locked) {
        jdbc.sql("update auth.users set locked_at = case when :locked then coalesce(locked_at, now()) end,"
                        + " updated_at = now() where id = :id and org_id = :org")
                .param("locked", locked).param("id", id).param("org", orgId).update();
    }

    /** Ends every live session of the user now; their access tokens fail the per-request session check. */
    int revokeSessions(UUID userId, String reason) {
        return jdbc.sql("""
                update auth.sessions set revoked_at = now(), revoked_reason = :reason
                 where user_id = :uid and revoked_at is null""")
                .param("uid", userId).param("reason", reason).update();
    }

    private static UserResource map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime lockedAt = rs.getObject("locked_at", OffsetDateTime.class);
        return new UserResource(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                rs.getString("email"), rs.getString("role"), lockedAt != null, lockedAt,
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("last_sign_in_at", OffsetDateTime.class));
    }
}
