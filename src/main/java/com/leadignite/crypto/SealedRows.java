package com.leadignite.crypto;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link SealedValueStore} of database rows (one sealed value each), read and rewritten under the
 * {@code service_keys} claims, whose policies let key rotation read and rewrite exactly these rows. The
 * feature says how to list, re-seal and write its rows; the transaction, the loop and the failure for a
 * value no key opens are here.
 *
 * @param <T> a row with its sealed value and the ids its associated data is made of
 */
public abstract class SealedRows<T> implements SealedValueStore {

    private final Database db;
    private final String description;

    protected SealedRows(Database db, String description) {
        this.db = db;
        this.description = description;
    }

    /** Key ids of the stored values (duplicates allowed). */
    protected abstract List<String> keyIds();

    /** Every row, locked for the rewrite. */
    protected abstract List<T> rowsForUpdate();

    protected abstract byte[] sealed(T row);

    /**
     * The row's value sealed with the current key (the same array if it already is).
     *
     * @throws IllegalArgumentException when no key of the ring opens it
     */
    protected abstract byte[] reseal(MasterKey keys, T row);

    protected abstract void write(T row, byte[] resealed);

    /** The row in a message, for example {@code a secret of webhook endpoint <id>}; never the value. */
    protected abstract String describe(T row);

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Set<String> keyIdsInUse() {
        return db.as(DbClaims.KEYS).read(() -> new TreeSet<>(keyIds()));
    }

    @Override
    public final int resealAll(MasterKey keys) {
        return db.as(DbClaims.KEYS).write(() -> {
            int rewritten = 0;
            for (T row : rowsForUpdate()) {
                byte[] resealed;
                try {
                    resealed = reseal(keys, row);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(describe(row) + " cannot be opened with the configured master keys", e);
                }
                if (resealed != sealed(row)) {
                    write(row, resealed);
                    rewritten++;
                }
            }
            return rewritten;
        });
    }
}
