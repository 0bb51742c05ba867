package com.leadignite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Starts every transaction by setting the caller's claims transaction-locally, the way PostgREST and
 * Supabase do, so row-level security sees who is asking. {@code is_local = true} means the setting ends
 * with the transaction and can never leak to the next borrower of the pooled connection. It also tells
 * {@link ConnectionScope} when a thread takes and returns a connection.
 */
class ClaimsTransactionManager extends JdbcTransactionManager {

    private final transient DbClaimsSource claims;

    ClaimsTransactionManager(DataSource dataSource, DbClaimsSource claims) {
        super(dataSource);
        this.claims = claims;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        ConnectionScope.opened();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            ConnectionScope.released();
        }
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition) throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        String json = DbContext.override() != null ? DbContext.override() : claims.currentClaimsJson();
        try (PreparedStatement ps = con.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
            ps.setString(1, json == null ? "" : json);
            ps.execute();
        }
    }
}
