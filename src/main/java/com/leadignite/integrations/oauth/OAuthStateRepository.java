package com.leadignite.integrations.oauth;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code public.integration_oauth_states} (V200); row-level security shows each user only their own. */
@Repository
public class OAuthStateRepository {

    public record State(UUID orgId, UUID userId, UUID sessionId, String provider, String codeVerifier, Instant expiresAt) {
        @Override
        public String toString() {
            return "State[org=" + orgId + ", user=" + userId + ", session=" + sessionId + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final JdbcClient jdbc;

    public OAuthStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(byte[] stateHash, State s) {
        jdbc.sql("""
                insert into public.integration_oauth_states (state_hash, org_id, user_id, session_id, provider, code_verifier, expires_at)
                values (:hash, :org, :user, :session, :provider, :verifier, :expires)""")
                .param("hash", stateHash).param("org", s.orgId()).param("user", s.userId()).param("session", s.sessionId())
                .param("provider", s.provider()).param("verifier", s.codeVerifier()).param("expires", Timestamp.from(s.expiresAt()))
                .update();
    }

    /** Removes and returns the state: whoever presents it first gets it, nobody gets it twice. */
    public Optional<State> take(byte[] stateHash) {
        return jdbc.sql("""
                delete from public.integration_oauth_states where state_hash = :hash
                returning org_id, user_id, session_id, provider, code_verifier, expires_at""")
                .param("hash", stateHash)
                .query((rs, n) -> new State(rs.getObject("org_id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getObject("session_id", UUID.class), rs.getString("provider"), rs.getString("code_verifier"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** The caller's expired states (row-level security limits this to them). */
    public int purgeExpired(Instant now) {
        return jdbc.sql("delete from public.integration_oauth_states where expires_at < :now")
                .param("now", Timestamp.from(now)).update();
    }
}
