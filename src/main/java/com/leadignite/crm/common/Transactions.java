package com.leadignite.crm.common;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Explicit transaction boundaries for services that do some work outside them. Denials are audited
 * with {@code AuditWriter.recordIndependently}, which writes once the thread holds no connection
 * (after the transaction, if called inside one); services still check roles before, and answer "not
 * found" after, their transaction, so a refused request holds a connection as briefly as possible:
 * <pre>{@code
 * guard.requireRole(caller, ...);                                  // no transaction held
 * Optional<Lead> lead = tx.write(() -> repo.find(...).map(this::change));
 * return lead.orElseThrow(() -> guard.notFound(caller, "lead", id)); // no transaction held
 * }</pre>
 * Inside an already running transaction both methods join it (tests use that to force rollbacks).
 */
@Component
public class Transactions {

    private final TransactionTemplate write;
    private final TransactionTemplate read;

    public Transactions(PlatformTransactionManager txm) {
        this.write = new TransactionTemplate(txm);
        this.read = new TransactionTemplate(txm);
        this.read.setReadOnly(true);
    }

    public <T> T write(Supplier<T> work) {
        return write.execute(s -> work.get());
    }

    public <T> T read(Supplier<T> work) {
        return read.execute(s -> work.get());
    }
}
