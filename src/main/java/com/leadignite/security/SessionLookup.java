package com.leadignite.security;

import com.leadignite.db.DbContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One primary-key lookup per authenticated request: the session must be live (not revoked, within its
 * absolute lifetime and inactivity window) and the user not locked by an admin. This is what makes
 * sign-out, role changes and locks take effect immediately instead of at token expiry.
 */
@Component
public class SessionLookup {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final com.leadignite.config.AuthProperties props;

    public SessionLookup(JdbcClient jdbc, TransactionTemplate tx, com.leadignite.config.AuthProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
    }

    public record LiveSession(UUID userId, UUID orgId, AuthenticatedUser.Role role, String email) {
    }

    public Optional<LiveSession> find(UUID sessionId, UUID userId) {
        return DbContext.callAs(DbContext.AUTH_SERVICE, () -> tx.execute(s -> jdbc.sql("""
                select u.id, u.org_id, u.role, u.email
                  from auth.sessions s join auth.users u on u.id = s.user_id
                 where s.id = :sid and u.id = :uid
                   and s.revoked_at is null and s.not_after > now()
                   and s.refreshed_at > now() - make_interval(secs => :inactive)
                   and u.locked_at is null""")
                .param("sid", sessionId)
                .param("uid", userId)
                .param("inactive", props.sessionInactivity().toSeconds())
                .query((rs, n) -> new LiveSession(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        AuthenticatedUser.Role.valueOf(rs.getString(3)), rs.getString(4)))
                .optional()));
    }

}
