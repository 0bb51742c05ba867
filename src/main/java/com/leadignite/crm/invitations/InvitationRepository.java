package com.leadignite.crm.invitations;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InvitationRepository {

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Inserted(UUID id, OffsetDateTime expiresAt) {
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
        return jdbc.sql("""
                select id, email, role, created_by, created_at, expires_at, used_at,
                       case when used_at is not null then 'used' when expires_at <= now() then 'expired' else 'pending' end
                  from auth.invitations where org_id = :org
                 order by created_at desc, id limit :limit offset :offset""")
                .param("org", orgId).param("limit", limit).param("offset", offset)
                .query((rs, n) -> new InvitationResource(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8)))
                .list();
    }

    java.util.Optional<InvitationResource> find(UUID orgId, UUID id) {
        return jdbc.sql("""
                select id, email, role, created_by, created_at, expires_at, used_at,
                       case when used_at is not null then 'used' when expires_at <= now() then 'expired' else 'pending' end
                  from auth.invitations where org_id = :org and id = :id""")
                .param("org", orgId).param("id", id)
                .query((rs, n) -> new InvitationResource(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8)))
                .optional();
    }

    long count(UUID orgId) {
        return jdbc.sql("select count(*) from auth.invitations where org_id = :org").param("org", orgId)
                .query(Long.class).single();
    }
}
