package com.leadignite.webhooks.receive;

import com.leadignite.webhooks.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Purges database replay ids older than the retention (which is never below the timestamp tolerance). */
@Component
public class ReplayIdCleanup {

    private static final Logger log = LoggerFactory.getLogger(ReplayIdCleanup.class);

    private final DatabaseReplayGuard database;
    private final WebhookProperties props;
    private final TransactionTemplate tx;

    public ReplayIdCleanup(DatabaseReplayGuard database, WebhookProperties props, PlatformTransactionManager txm) {
        this.database = database;
        this.props = props;
        this.tx = new TransactionTemplate(txm);
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
        Integer n = tx.execute(s -> database.purge(props.replayRetention()));
        return n == null ? 0 : n;
    }
}
