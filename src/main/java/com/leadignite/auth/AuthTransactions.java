package com.leadignite.auth;

import com.leadignite.db.DbContext;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs auth work in one transaction with the auth component's own claims ({@code service_auth}), the
 * only claims the auth tables' policies admit. Exceptions roll the transaction back and propagate.
 */
@Component
public class AuthTransactions {

    private final TransactionTemplate tx;

    public AuthTransactions(TransactionTemplate tx) {
        this.tx = tx;
    }

    public <T> T run(Supplier<T> work) {
        return DbContext.callAs(DbContext.AUTH_SERVICE, () -> tx.execute(status -> work.get()));
    }

    public void runVoid(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
