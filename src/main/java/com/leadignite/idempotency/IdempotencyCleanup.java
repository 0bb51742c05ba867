package com.leadignite.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;

/**
 * Deletes expired idempotency keys of all users, in bounded batches. Expired keys are already ignored
 * (and reusable) when looked up; this only keeps the table small. Safe to run on every instance.
 */
@Component
public class IdempotencyCleanup {

    static final int BATCH = 5000;
    private static final int MAX_BATCHES_PER_RUN = 100;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyCleanup.class);

    private final IdempotencyRepository keys;
    private final Database db;

    public IdempotencyCleanup(IdempotencyRepository keys, Database db) {
        this.keys = keys;
        this.db = db;
    }

    @Scheduled(fixedDelayString = "${leadignite.idempotency.cleanup-interval:10m}",
            initialDelayString = "${leadignite.idempotency.cleanup-interval:10m}")
    public void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("idempotency key clean-up failed; retrying at the next run");
        }
    }

    /** Returns how many expired keys were deleted. */
    public int purge() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            Integer n = db.as(DbClaims.ANONYMOUS).write(() -> keys.purgeExpired(BATCH));
            int deleted = n == null ? 0 : n;
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        return total;
    }
}
