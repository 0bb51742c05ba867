package com.leadignite.security;

import com.leadignite.db.DbContext;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maps the subject of an external Supabase token to a local account: only through an explicit link row
 * {@code auth.identities(provider='supabase', provider_id=<sub>)}. Org and role are this database's;
 * nothing the external token says about them is read. An unlinked subject or a locked user is unknown.
 */
@Component
public class ExternalIdentityLookup {

    public static final String PROVIDER = "supabase";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public ExternalIdentityLookup(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Optional<SessionLookup.LiveSession> find(String externalSubject) {
        if (externalSubject == null || externalSubject.isBlank() || externalSubject.length() > 255) {
            return Optional.empty();
        }
        return DbContext.callAs(DbContext.AUTH_SERVICE, () -> tx.execute(s -> jdbc.sql("""
                select u.id, u.org_id, u.role, u.email
                  from auth.identities i join auth.users u on u.id = i.user_id
                 where i.provider = :provider and i.provider_id = :sub
                   and u.locked_at is null""")
                .param("provider", PROVIDER)
                .param("sub", externalSubject)
                .query((rs, n) -> new SessionLookup.LiveSession(rs.getObject(1, java.util.UUID.class),
                        rs.getObject(2, java.util.UUID.class), AuthenticatedUser.Role.valueOf(rs.getString(3)),
                        rs.getString(4)))
                .optional()));
    }
}
