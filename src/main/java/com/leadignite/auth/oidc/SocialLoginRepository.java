package com.leadignite.auth.oidc;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code auth.oidc_flow_states} and {@code auth.oidc_auth_codes} (V165). Both are taken with
 * {@code delete ... returning}: whoever presents a value first gets its row, nobody gets it twice.
 * Callers run it inside an auth-service transaction.
 */
@Repository
public class SocialLoginRepository {

    /** A started sign-in. Never logged: it holds the nonce and the verifier towards the provider. */
    public record FlowState(byte[] browserHash, String provider, String nonce, String providerVerifier,
                            String codeChallenge, String redirectTo, Instant expiresAt) {
        @Override
        public String toString() {
            return "FlowState[provider=" + provider + "]";
        }
    }

    public record AuthCode(UUID userId, String provider, String codeChallenge, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    public SocialLoginRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertState(byte[] stateHash, FlowState s) {
        jdbc.sql("delete from auth.oidc_flow_states where expires_at < now()").update();
        jdbc.sql("""
                insert into auth.oidc_flow_states (state_hash, browser_hash, provider, nonce, provider_verifier,
                                                   code_challenge, redirect_to, expires_at)
                values (:hash, :browser, :provider, :nonce, :verifier, :challenge, :redirect, :expires)""")
                .param("hash", stateHash).param("browser", s.browserHash()).param("provider", s.provider())
                .param("nonce", s.nonce()).param("verifier", s.providerVerifier()).param("challenge", s.codeChallenge())
                .param("redirect", s.redirectTo()).param("expires", Timestamp.from(s.expiresAt()))
                .update();
    }

    public Optional<FlowState> takeState(byte[] stateHash) {
        return jdbc.sql("""
                delete from auth.oidc_flow_states where state_hash = :hash
                returning browser_hash, provider, nonce, provider_verifier, code_challenge, redirect_to, expires_at""")
                .param("hash", stateHash)
                .query((rs, n) -> new FlowState(rs.getBytes("browser_hash"), rs.getString("provider"), rs.getString("nonce"),
                        rs.getString("provider_verifier"), rs.getString("code_challenge"), rs.getString("redirect_to"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    public void insertCode(byte[] codeHash, AuthCode c) {
        jdbc.sql("delete from auth.oidc_auth_codes where expires_at < now()").update();
        jdbc.sql("""
                insert into auth.oidc_auth_codes (code_hash, user_id, provider, code_challenge, expires_at)
                values (:hash, :uid, :provider, :challenge, :expires)""")
                .param("hash", codeHash).param("uid", c.userId()).param("provider", c.provider())
                .param("challenge", c.codeChallenge()).param("expires", Timestamp.from(c.expiresAt()))
                .update();
    }

    public Optional<AuthCode> takeCode(byte[] codeHash) {
        return jdbc.sql("""
                delete from auth.oidc_auth_codes where code_hash = :hash
                returning user_id, provider, code_challenge, expires_at""")
                .param("hash", codeHash)
                .query((rs, n) -> new AuthCode(rs.getObject("user_id", UUID.class), rs.getString("provider"),
                        rs.getString("code_challenge"), rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
