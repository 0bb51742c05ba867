package com.leadignite.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (unreachable, restarting, no free connection in the pool)
 * apart from a fault in a request: the first is a 503 the client may retry, the second a 500.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before retrying when the database cannot be reached. */
    public static final int RETRY_AFTER_UNREACHABLE = 5;
    /** ... and when every pooled connection is busy. */
    public static final int RETRY_AFTER_POOL_EXHAUSTED = 1;

    private DatabaseUnavailable() {
    }

    /** The Retry-After seconds when {@code e} (or a cause) is a database-availability failure, else -1. */
    public static int retryAfter(Throwable e) {
        boolean unavailable = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
                // commit or rollback failed below SQL (a translatable cause would be a DataAccessException):
                // the connection died, e.g. "Connection is closed" after the server went away
                unavailable = true;
            }
            if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
                return RETRY_AFTER_POOL_EXHAUSTED; // the pool timed out waiting for a connection, the server is fine
            }
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException s && connectionState(s.getSQLState())) {
                unavailable = true;
            }
        }
        return unavailable ? RETRY_AFTER_UNREACHABLE : -1;
    }

    /** Class 08 (connection exception) and 57P01..57P03 (server shutting down, crashed, not yet accepting). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
