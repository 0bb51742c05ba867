package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the database being unavailable (503, retry) rather than a fault (500). */
class DatabaseUnavailableTest {

    @Test
    void poolExhaustionIsAShortRetry() {
        var timeout = new SQLTransientConnectionException("leadignite - Connection is not available, request timed out after 5000ms.");
        assertThat(DatabaseUnavailable.retryAfter(new CannotCreateTransactionException("Could not open JDBC Connection", timeout)))
                .isEqualTo(DatabaseUnavailable.RETRY_AFTER_POOL_EXHAUSTED);
    }

    @Test
    void anUnreachableServerIsALongerRetry() {
        var refused = new SQLTransientConnectionException("timed out", new SQLException("Connection refused", "08001"));
        assertThat(DatabaseUnavailable.retryAfter(new CannotCreateTransactionException("x", refused)))
                .isEqualTo(DatabaseUnavailable.RETRY_AFTER_UNREACHABLE);
        assertThat(DatabaseUnavailable.retryAfter(new DataAccessResourceFailureException("x",
                new SQLException("terminating connection due to administrator command", "57P01"))))
                .isEqualTo(DatabaseUnavailable.RETRY_AFTER_UNREACHABLE);
        var rollbackOnDeadConnection = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        assertThat(DatabaseUnavailable.retryAfter(rollbackOnDeadConnection)).isEqualTo(DatabaseUnavailable.RETRY_AFTER_UNREACHABLE);
    }

    @Test
    void faultsAreNotUnavailability() {
        assertThat(DatabaseUnavailable.retryAfter(new DataIntegrityViolationException("x", new SQLException("dup", "23505")))).isEqualTo(-1);
        assertThat(DatabaseUnavailable.retryAfter(new IllegalStateException("x"))).isEqualTo(-1);
        assertThat(DatabaseUnavailable.retryAfter(new TransactionSystemException("no transaction", new IllegalStateException("x")))).isEqualTo(-1);
    }
}
