package com.leadignite.webhooks.process;

import com.leadignite.webhooks.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;

/**
 * Deletes handled events older than {@code event-retention} in short batches (each its own transaction,
 * so no long lock or connection hold) and gives their bytes back to their orgs' storage quota.
 */
@Component
public class WebhookEventPurge {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventPurge.class);
    static final int BATCH = 1000;
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final WebhookEventRepository events;
    private final WebhookProperties props;
    private final Database db;

    public WebhookEventPurge(WebhookEventRepository events, WebhookProperties props, Database db) {
        this.events = events;
        this.props = props;
        this.db = db;
    }

    @Scheduled(fixedDelayString = "${leadignite.webhooks.purge-interval:10m}",
            initialDelayString = "${leadignite.webhooks.purge-interval:10m}")
    public void scheduled() {
        try {
            int n = purge();
            if (n > 0) {
                log.info("purged {} webhook events past their retention", n);
            }
        } catch (RuntimeException e) {
            log.warn("webhook event purge failed; retrying at the next run");
        }
    }

    /** Returns how many events were deleted. */
    public int purge() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            Integer n = db.as(DbClaims.ANONYMOUS).write(() -> events.purge(props.eventRetention().toSeconds(), BATCH));
            total += n == null ? 0 : n;
            if (n == null || n < BATCH) {
                break;
            }
        }
        return total;
    }
}
