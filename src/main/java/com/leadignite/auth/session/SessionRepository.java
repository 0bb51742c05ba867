package com.leadignite.auth.session;

import com.leadignite.config.AuthProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code auth.sessions} and {@code auth.refresh_tokens}. Callers run it inside an auth-service transaction. */
@Repository
public class SessionRepository {

    private final JdbcClient jdbc;
    private final AuthProperties props;

    public SessionRepository(JdbcClient jdbc, AuthProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    /** A refresh token row, locked, with what the refresh decision needs computed by the database clock. */
    public record TokenRow(long id, UUID sessionId, boolean rotated, boolean withinReuseInterval, boolean hasLiveChild) {
    }

    /** A session row, locked. */
    public record SessionRow(UUID id, UUID userId, boolean revoked, boolean expired, Instant passwordAuthAt,
                             SessionIssuer.AuthMethod authMethod) {
    }

    public UUID create(UUID userId, Instant passwordAuthAt, String ip, String userAgent) {
        return create(userId, SessionIssuer.AuthMethod.password, passwordAuthAt, ip, userAgent);
    }

    /** {@code authMethod}: how the owner just authenticated. */
    public UUID create(UUID userId, SessionIssuer.AuthMethod authMethod, Instant passwordAuthAt, String ip, String userAgent) {
        return jdbc.sql("""
                insert into auth.sessions (user_id, not_after, password_auth_at, auth_method, ip, user_agent)
                values (:uid, now() + make_interval(secs => :life), :pwat, :method, cast(:ip as inet), :ua) returning id""")
                .param("uid", userId)
                .param("method", authMethod.name())
                .param("life", props.sessionLifetime().toSeconds())
                .param("pwat", Timestamp.from(passwordAuthAt))
                .param("ip", validInet(ip))
                .param("ua", userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 512)))
                .query(UUID.class).single();
    }

    public void addRefreshToken(UUID sessionId, byte[] hash, Long parentId) {
        jdbc.sql("insert into auth.refresh_tokens (session_id, token_hash, parent_id) values (:sid, :hash, :parent)")
                .param("sid", sessionId).param("hash", hash).param("parent", parentId).update();
    }

    /** Locks the token row, so concurrent refreshes of one token run one after the other. */
    public Optional<TokenRow> lockToken(byte[] hash) {
        return jdbc.sql("""
                select t.id, t.session_id, t.rotated_at is not null as rotated,
                       (t.rotated_at is not null and t.rotated_at > now() - make_interval(secs => :reuse)) as within,
                       exists (select 1 from auth.refresh_tokens c where c.parent_id = t.id and c.rotated_at is null) as live_child
                  from auth.refresh_tokens t where t.token_hash = :hash for update of t""")
                .param("hash", hash)
                .param("reuse", props.refreshReuseInterval().toMillis() / 1000.0)
                .query((rs, n) -> new TokenRow(rs.getLong("id"), rs.getObject("session_id", UUID.class),
                        rs.getBoolean("rotated"), rs.getBoolean("within"), rs.getBoolean("live_child")))
                .optional();
    }

    public Optional<SessionRow> lockSession(UUID sessionId) {
        return jdbc.sql("""
                select s.id, s.user_id, (s.revoked_at is not null or u.locked_at is not null) as revoked,
                       (s.not_after <= now() or s.refreshed_at <= now() - make_interval(secs => :inactive)) as expired,
                       s.password_auth_at, s.auth_method
                  from auth.sessions s join auth.users u on u.id = s.user_id
                 where s.id = :sid for update of s""")
                .param("sid", sessionId)
                .param("inactive", props.sessionInactivity().toSeconds())
                .query((rs, n) -> {
                    Timestamp pw = rs.getTimestamp("password_auth_at");
                    return new SessionRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                            rs.getBoolean("revoked"), rs.getBoolean("expired"), pw == null ? null : pw.toInstant(),
                            SessionIssuer.AuthMethod.valueOf(rs.getString("auth_method")));
                })
                .optional();
    }

    public void markRotated(long tokenId) {
        jdbc.sql("update auth.refresh_tokens set rotated_at = now() where id = :id and rotated_at is null")
                .param("id", tokenId).update();
    }

    public void touch(UUID sessionId) {
        jdbc.sql("update auth.sessions set refreshed_at = now() where id = :id").param("id", sessionId).update();
    }

    public int revoke(UUID sessionId, String reason) {
        return jdbc.sql("update auth.sessions set revoked_at = now(), revoked_reason = :reason where id = :id and revoked_at is null")
                .param("reason", reason).param("id", sessionId).update();
    }

    /** Revokes every live session of the user, except {@code keep} when given. */
    public int revokeAllOf(UUID userId, UUID keep, String reason) {
        return jdbc.sql("""
                update auth.sessions set revoked_at = now(), revoked_reason = :reason
                 where user_id = :uid and revoked_at is null and (cast(:keep as uuid) is null or id <> cast(:keep as uuid))""")
                .param("reason", reason).param("uid", userId).param("keep", keep).update();
    }

    private static String validInet(String ip) {
        if (ip == null || ip.length() > 45 || !ip.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        return ip;
    }
}
