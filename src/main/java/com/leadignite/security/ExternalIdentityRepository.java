package com.leadignite.security;

import com.leadignite.db.DbClaims;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Links of external Supabase subjects to local accounts; runs under the {@code service_auth} claims. */
@Repository
class ExternalIdentityRepository {

    private final JdbcClient jdbc;

    ExternalIdentityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The linked, unlocked local user of {@code provider}/{@code subject}, with this database's org and role. */
    Optional<DbClaims.User> findLinkedUser(String provider, String subject) {
        return jdbc.sql("""
                select u.id, u.org_id, u.role, u.email
                  from auth.identities i join auth.users u on u.id = i.user_id
                 where i.provider = :provider and i.provider_id = :sub
                   and u.locked_at is null""")
                .param("provider", provider)
                .param("sub", subject)
                .query((rs, n) -> new DbClaims.User(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), null))
                .optional();
    }
}
