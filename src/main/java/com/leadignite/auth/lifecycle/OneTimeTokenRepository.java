package com.leadignite.auth.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code auth.one_time_tokens} (auth-service transactions only). */
@Repository
public class OneTimeTokenRepository {

    private final JdbcClient jdbc;

    public OneTimeTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A token row, locked; {@code live}: unused, unexpired and not voided by wrong codes. */
    record Token(UUID id, UUID userId, String purpose, String email, byte[] linkHash, byte[] codeHash, boolean live) {
    }

    private static final String COLUMNS = """
            select id, user_id, purpose, email, link_hash, code_hash,
                   (used_at is null and expires_at > now() and failed_attempts < :max) as live
              from auth.one_time_tokens""";

    /** A new token for the user and purpose; earlier unused ones of that purpose stop working. */
    void replace(UUID userId, String purpose, String email, byte[] linkHash, byte[] codeHash, long ttlSeconds) {
        jdbc.sql("delete from auth.one_time_tokens where user_id = :uid and purpose = :purpose and used_at is null")
                .param("uid", userId).param("purpose", purpose).update();
        jdbc.sql("""
                insert into auth.one_time_tokens (user_id, purpose, email, link_hash, code_hash, expires_at)
                values (:uid, :purpose, :email, :link, :code, now() + make_interval(secs => :ttl))""")
                .param("uid", userId).param("purpose", purpose).param("email", email).param("link", linkHash)
                .param("code", codeHash).param("ttl", ttlSeconds).update();
    }

    Optional<Token> lockByLink(byte[] linkHash, int maxFailures) {
        return jdbc.sql(COLUMNS + " where link_hash = :hash for update")
                .param("hash", linkHash).param("max", maxFailures).query(this::map).optional();
    }

    /** The unused tokens of a purpose sent to an address, locked (at most one per account). */
    List<Token> lockUnusedByEmail(String normalizedEmail, String purpose, int maxFailures) {
        return jdbc.sql(COLUMNS + " where lower(email) = :email and purpose = :purpose and used_at is null for update")
                .param("email", normalizedEmail).param("purpose", purpose).param("max", maxFailures)
                .query(this::map).list();
    }

    /** A wrong code for an address: counted on every unused token of that purpose sent there. */
    void countFailure(String normalizedEmail, String purpose) {
        jdbc.sql("""
                update auth.one_time_tokens set failed_attempts = failed_attempts + 1
                 where lower(email) = :email and purpose = :purpose and used_at is null""")
                .param("email", normalizedEmail).param("purpose", purpose).update();
    }

    /** Uses the token up; of two racing requests exactly one gets true. */
    boolean use(UUID id) {
        return jdbc.sql("update auth.one_time_tokens set used_at = now() where id = :id and used_at is null")
                .param("id", id).update() == 1;
    }

    /** Voids every unused token of the user with one of {@code purposes}. */
    void voidAll(UUID userId, List<String> purposes) {
        jdbc.sql("update auth.one_time_tokens set used_at = now() where user_id = :uid and used_at is null and purpose in (:p)")
                .param("uid", userId).param("p", purposes).update();
    }

    /** The address of the user's pending email change, if any. */
    Optional<String> pendingEmailChange(UUID userId) {
        return jdbc.sql("""
                select email from auth.one_time_tokens
                 where user_id = :uid and purpose = 'email_change' and used_at is null and expires_at > now()
                 order by created_at desc limit 1""")
                .param("uid", userId).query(String.class).optional();
    }

    private Token map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Token(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("purpose"),
                rs.getString("email"), rs.getBytes("link_hash"), rs.getBytes("code_hash"), rs.getBoolean("live"));
    }
}
