package com.leadignite.auth.reauth;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code auth.reauthentication_nonces}. Callers run it inside an auth-service transaction. */
@Repository
class ReauthenticationNonceRepository {

    /** A session's code, locked, with its validity computed by the database clock. */
    record NonceRow(byte[] hash, boolean expired, int failedAttempts) {
    }

    private final JdbcClient jdbc;

    ReauthenticationNonceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new code for the session, replacing the previous one but keeping its failure count. */
    void put(UUID sessionId, UUID userId, byte[] hash, long ttlSeconds) {
        jdbc.sql("""
                insert into auth.reauthentication_nonces (session_id, user_id, nonce_hash, expires_at)
                values (:sid, :uid, :hash, now() + make_interval(secs => :ttl))
                on conflict (session_id) do update
                  set nonce_hash = excluded.nonce_hash, expires_at = excluded.expires_at, created_at = now()
                  where auth.reauthentication_nonces.user_id = excluded.user_id""")
                .param("sid", sessionId).param("uid", userId).param("hash", hash).param("ttl", ttlSeconds)
                .update();
    }

    Optional<NonceRow> lock(UUID sessionId, UUID userId) {
        return jdbc.sql("""
                select nonce_hash, expires_at <= now() as expired, failed_attempts
                  from auth.reauthentication_nonces where session_id = :sid and user_id = :uid for update""")
                .param("sid", sessionId).param("uid", userId)
                .query((rs, n) -> new NonceRow(rs.getBytes("nonce_hash"), rs.getBoolean("expired"),
                        rs.getInt("failed_attempts")))
                .optional();
    }

    /** Counts a wrong code; the row stays so the count survives the next code. */
    void failed(UUID sessionId) {
        jdbc.sql("update auth.reauthentication_nonces set failed_attempts = failed_attempts + 1 where session_id = :sid")
                .param("sid", sessionId).update();
    }

    /** Uses the code up: true only for the one caller that removed a live, matching row. */
    boolean consume(UUID sessionId, UUID userId, byte[] hash, int maxFailed) {
        return jdbc.sql("""
                delete from auth.reauthentication_nonces
                 where session_id = :sid and user_id = :uid and nonce_hash = :hash and expires_at > now()
                   and failed_attempts < :max""")
                .param("sid", sessionId).param("uid", userId).param("hash", hash).param("max", maxFailed)
                .update() == 1;
    }
}
