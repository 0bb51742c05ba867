package com.leadignite.webhooks.receive;

import com.leadignite.webhooks.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;

/** Purges database replay ids older than the retention (which is never below the timestamp tolerance). */
@Component
public class ReplayIdCleanup {

    private static final Logger log = LoggerFactory.getLogger(ReplayIdCleanup.class);

    private final DatabaseReplayGuard database;
    private final WebhookProperties props;
    private final Database db;

    public ReplayIdCleanup(DatabaseReplayGuard database, WebhookProperties props, Database db) {
        this.database = database;
        this.props = props;
        this.db = db;
    }

    @Scheduled(fixedDelayString = "${leadignite.webhooks.replay-cleanup-interval:1m}",
            initialDelayString = "${leadignite.webhooks.replay-cleanup-interval:1m}")
    public void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("webhook replay id clean-up failed; retrying at the next run");
        }
    }

    /** Returns how many ids were deleted. */
    public int purge() {
        // Also with Redis: ids land in the database while Redis is down.
        Integer n = db.as(DbClaims.ANONYMOUS).write(() -> database.purge(props.replayRetention()));
        return n == null ? 0 : n;
    }
}
