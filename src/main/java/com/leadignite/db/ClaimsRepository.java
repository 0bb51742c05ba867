package com.leadignite.db;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The statements that give a transaction its claims (see {@link Database}). */
@Repository
class ClaimsRepository {

    private final JdbcClient jdbc;

    ClaimsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code is_local = true}: the setting ends with the transaction and never reaches the pool's next borrower. */
    void set(String claimsJson) {
        jdbc.sql("select set_config('request.jwt.claims', :claims, true)")
                .param("claims", claimsJson)
                .query(String.class)
                .single();
    }

    /** Checks the session and sets the user's claims in one statement; empty (claims cleared) when not live. */
    Optional<DbClaims.Live> beginSession(DbClaims.Session s) {
        return jdbc.sql("select org_id, role, email, require_mfa from auth.begin_session(:sid, :uid, :inactive)")
                .param("sid", s.sessionId())
                .param("uid", s.userId())
                .param("inactive", s.inactivity().toSeconds())
                .query((rs, n) -> new DbClaims.Live(new DbClaims.User(s.userId(), rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), s.sessionId()), rs.getBoolean(4)))
                .optional();
    }
}
