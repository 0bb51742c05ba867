package com.leadignite.webhooks.process;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.webhooks.WebhookJson;
import com.leadignite.webhooks.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Handles stored events after the sender got its answer. A stored event is handed to the worker thread
 * at once through a queue that serves orgs round-robin ({@link FairQueue}), so one org's burst delays
 * another org's event by at most one event per busy org; a scheduled poll picks up whatever that
 * missed (a full queue, a restart, a retry that is due), also round-robin over orgs. Each event is handled in one transaction under its org's claims with the row locked
 * ({@code FOR UPDATE SKIP LOCKED}), so two workers never handle it at the same time and a handled event
 * is never handled again.
 */
@Component
public class WebhookEventWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventWorker.class);

    private final WebhookEventRepository events;
    private final WebhookEventHandlers handlers;
    private final WebhookProperties props;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Database db;
    private final WebhookJson json;
    private final SkippedEvents skipped;
    private final FairQueue queue = new FairQueue(MAX_QUEUED, MAX_QUEUED_PER_ORG);
    private final Thread thread;

    /** Events waiting in memory, in all and per org; beyond that they wait in the database for the poll. */
    static final int MAX_QUEUED = 10_000;
    static final int MAX_QUEUED_PER_ORG = 1_000;

    public WebhookEventWorker(WebhookEventRepository events, WebhookEventHandlers handlers, WebhookProperties props,
                              MeterRegistry meters, Clock clock, Database db, WebhookJson json,
                              SkippedEvents skipped) {
        this.skipped = skipped;
        this.events = events;
        this.handlers = handlers;
        this.props = props;
        this.meters = meters;
        this.clock = clock;
        this.db = db;
        this.json = json;
        this.thread = new Thread(this::run, "webhook-worker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A handled event and its result, for what follows the commit. */
    private record Outcome(WebhookEventRepository.StoredEvent event, WebhookEventHandler.Result result) {
    }

    /** Called after the event's transaction committed. */
    public void kick(UUID eventId, UUID orgId) {
        queue.offer(eventId, orgId);
    }

    /** Hands due events (round-robin over orgs, see {@code webhook_events_due}) to the worker thread. */
    @Scheduled(fixedDelayString = "${leadignite.webhooks.worker-poll-interval:2s}",
            initialDelayString = "${leadignite.webhooks.worker-poll-interval:2s}")
    public void poll() {
        try {
            for (WebhookEventRepository.Due due : db.as(DbClaims.ANONYMOUS).read(() -> events.due(props.workerBatchSize()))) {
                queue.offer(due.id(), due.orgId());
            }
        } catch (RuntimeException e) {
            log.warn("webhook event poll failed; retrying at the next poll");
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            FairQueue.Entry next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                process(next.eventId(), next.orgId());
            } catch (RuntimeException e) {
                log.warn("webhook event {} could not be handled; the poll retries it", next.eventId());
            }
        }
    }

    /**
     * Handles one event if it is still pending and nobody else holds it. A failing handler's work is
     * rolled back to a savepoint and the failed attempt is recorded in the same transaction, while the
     * row is still locked: no other worker can slip in between the failure and its record.
     */
    public void process(UUID eventId, UUID orgId) {
        DbClaims claims = DbClaims.webhook(orgId);
        try {
            Outcome outcome = db.as(claims).writeWithSavepoints(s ->
                    events.lockPending(eventId).map(stored -> {
                        Object savepoint = s.createSavepoint();
                        try {
                            WebhookEventHandler.Result r = handle(stored);
                            s.releaseSavepoint(savepoint);
                            events.finish(eventId, r.status(), r.note());
                            return new Outcome(stored, r);
                        } catch (RuntimeException e) {
                            s.rollbackToSavepoint(savepoint);
                            String error = failure(e);
                            log.warn("webhook event {} could not be handled ({}); it will be retried", eventId, error);
                            events.failAttempt(eventId, props.maxAttempts(),
                                    clock.instant().plus(backoff(stored.attempts())), error);
                            return new Outcome(stored, new WebhookEventHandler.Result.Failed(error));
                        }
                    }).orElse(null));
            if (outcome != null) {
                meters.counter("leadignite.webhooks.processed", "status", outcome.result().status()).increment();
                if (outcome.result() instanceof WebhookEventHandler.Result.Skipped skip) {
                    WebhookEventRepository.StoredEvent e = outcome.event();
                    skipped.record(e.orgId(), e.endpointId(), e.id(), e.provider(), skip.reason());
                }
            }
        } catch (RuntimeException e) {
            // The transaction itself failed (connection lost, savepoint refused): record the attempt apart.
            meters.counter("leadignite.webhooks.processed", "status", "error").increment();
            String error = failure(e);
            log.warn("webhook event {} could not be handled ({}); it will be retried", eventId, error);
            try {
                db.as(claims).run(() -> events.lockPending(eventId).ifPresent(
                        stored -> events.failAttempt(eventId, props.maxAttempts(),
                                clock.instant().plus(backoff(stored.attempts())), error)));
            } catch (RuntimeException again) {
                log.warn("webhook event {} attempt could not be recorded", eventId);
            }
        }
    }

    private WebhookEventHandler.Result handle(WebhookEventRepository.StoredEvent stored) {
        JsonNode payload;
        try {
            payload = json.read(stored.payload());
        } catch (JacksonException e) {
            // Accepted under the limits of its day; tighter limits since then make it unusable, not retryable.
            return WebhookEventHandler.Result.skipped("unusable_payload: limits_exceeded");
        }
        WebhookEvent event = new WebhookEvent(stored.id(), stored.orgId(), stored.endpointId(), stored.provider(),
                stored.eventType(), payload, stored.receivedAt());
        return handlers.find(stored.provider(), stored.eventType())
                .map(h -> h.handle(event))
                .orElseGet(WebhookEventHandler.Result.Ignored::new);
    }

    /**
     * What went wrong, for the event's {@code error} column and the log: the database's SQLSTATE (for
     * instance 23514 for a CHECK, 42501 for a policy or guard trigger), never a message, SQL or values.
     */
    static String failure(RuntimeException e) {
        if (!(e instanceof DataAccessException)) {
            return "processing_failed";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().matches("[0-9A-Z]{5}")) {
                return "processing_failed: database " + sql.getSQLState();
            }
        }
        return "processing_failed: database";
    }

    /** 5 s, 10 s, 20 s ... capped at 10 minutes. */
    static Duration backoff(int attemptsSoFar) {
        long seconds = 5L << Math.min(attemptsSoFar, 7);
        return Duration.ofSeconds(Math.min(seconds, 600));
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
