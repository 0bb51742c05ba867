package com.leadignite.support;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For a transaction a test begins itself (to roll back, or to hold it open around a service call): gives it
 * claims as {@link Database} gives its own. Work of the services that joins it keeps these claims.
 */
public final class TestClaims {

    private TestClaims() {
    }

    public static void set(JdbcClient jdbc, Database db, DbClaims claims) {
        jdbc.sql("select set_config('request.jwt.claims', :claims, true)")
                .param("claims", db.json(claims))
                .query(String.class)
                .single();
    }
}
