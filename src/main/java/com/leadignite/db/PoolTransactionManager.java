package com.leadignite.db;

import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The request pool's transaction manager. It tells {@link ConnectionScope} when a thread takes and
 * returns a connection; the claims of each transaction are set by {@link Database}, as its first statement.
 */
class PoolTransactionManager extends JdbcTransactionManager {

    PoolTransactionManager(DataSource dataSource) {
        super(dataSource);
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
}
