package com.leadignite.crm.invitations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InvitationRepository {

    /**
     * {@code status}: {@code revoked} also when the inviter is no longer an active admin of the org
     * (changed out of band; sign-up refuses those too), so the list shows what would really happen.
     */
    private static final String COLUMNS = """
            i.id, i.email, i.role, i.created_by, i.created_at, i.expires_at, i.used_at, i.revoked_at,
            case when i.used_at is not null then 'used'
                 when i.revoked_at is not null
                   or not exists (select 1 from auth.users u where u.id = i.created_by and u.org_id = i.org_id
                                     and u.role = 'admin' and u.locked_at is null) then 'revoked'
                 when i.expires_at <= now() then 'expired'
                 else 'pending' end as status""";

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Inserted(UUID id, OffsetDateTime expiresAt) {
    }

    /** What a revocation needs to know about the row it has locked. */
    record RevocationState(boolean used, boolean revoked) {
    }

    Inserted insert(UUID orgId, UUID createdBy, String email, String role, byte[] tokenHash, long ttlSeconds) {
        // The insert policy admits only an admin of this org inviting as themselves.
        return jdbc.sql("""
                insert into auth.invitations (org_id, email, role, token_hash, created_by, expires_at)
                values (:org, :email, :role, :hash, :by, now() + make_interval(secs => :ttl))
                returning id, expires_at""")
                .param("org", orgId).param("email", email).param("role", role).param("hash", tokenHash)
                .param("by", createdBy).param("ttl", ttlSeconds)
                .query((rs, n) -> new Inserted(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class)))
                .single();
    }

    List<InvitationResource> list(UUID orgId, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + " from auth.invitations i where i.org_id = :org"
                        + " order by i.created_at desc, i.id limit :limit offset :offset")
                .param("org", orgId).param("limit", limit).param("offset", offset)
                .query(InvitationRepository::map)
                .list();
    }

    Optional<InvitationResource> find(UUID orgId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from auth.invitations i where i.org_id = :org and i.id = :id")
                .param("org", orgId).param("id", id)
                .query(InvitationRepository::map)
                .optional();
    }

    long count(UUID orgId) {
        return jdbc.sql("select count(*) from auth.invitations where org_id = :org").param("org", orgId)
                .query(Long.class).single();
    }

    /** Locks the invitation against a concurrent redemption (which locks it too) and reports its state. */
    Optional<RevocationState> lockForRevocation(UUID orgId, UUID id) {
        return jdbc.sql("""
                select used_at is not null, revoked_at is not null from auth.invitations
                 where org_id = :org and id = :id for update""")
                .param("org", orgId).param("id", id)
                .query((rs, n) -> new RevocationState(rs.getBoolean(1), rs.getBoolean(2)))
                .optional();
    }

    void revoke(UUID orgId, UUID id) {
        jdbc.sql("update auth.invitations set revoked_at = now() where org_id = :org and id = :id and revoked_at is null")
                .param("org", orgId).param("id", id).update();
    }

    /** Revokes every invitation {@code inviter} sent that could still be redeemed; returns their ids. */
    List<UUID> revokePendingBy(UUID orgId, UUID inviter) {
        return jdbc.sql("""
                update auth.invitations set revoked_at = now()
                 where org_id = :org and created_by = :by and used_at is null and revoked_at is null
                   and expires_at > now()
                returning id""")
                .param("org", orgId).param("by", inviter).query(UUID.class).list();
    }

    private static InvitationResource map(ResultSet rs, int n) throws SQLException {
        return new InvitationResource(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("role"),
                rs.getObject("created_by", UUID.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("used_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("status"));
    }
}
