package com.leadignite.auth.mail;

import com.leadignite.crypto.MasterKey;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox: claims due mails in one short transaction, then composes and sends each with no
 * connection held (a slow SMTP server must not pin the pool), and records the outcome in another. A
 * failure is retried with doubling back-off up to {@code max-attempts}; the event that queued the mail has
 * committed long before, so a failure never changes a request's outcome. Logs name the mail's id and
 * kind and the failure's type, never its text, recipient or link.
 */
@Component
public class MailWorker {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    static final int BATCH = 20;
    private static final int PURGE_AFTER_DAYS = 7;

    private final Database db;
    private final MailOutboxRepository rows;
    private final MailTransport transport;
    private final MasterKey masterKey;
    private final MailProperties props;
    private final Clock clock;
    private final Map<MailKind, MailComposer> composers = new EnumMap<>(MailKind.class);

    public MailWorker(Database db, MailOutboxRepository rows, MailTransport transport, MasterKey masterKey,
                      MailProperties props, Clock clock, List<MailComposer> composers) {
        this.db = db;
        this.rows = rows;
        this.transport = transport;
        this.masterKey = masterKey;
        this.props = props;
        this.clock = clock;
        for (MailComposer c : composers) {
            c.kinds().forEach(k -> {
                if (this.composers.putIfAbsent(k, c) != null) {
                    throw new IllegalStateException("two composers for mail kind " + k);
                }
            });
        }
    }

    @Scheduled(fixedDelayString = "${leadignite.mail.poll-interval:2s}", initialDelayString = "${leadignite.mail.poll-interval:2s}")
    public void tick() {
        try {
            drain();
        } catch (RuntimeException e) {
            // The database may be down; the next tick tries again.
            log.warn("mail outbox not processed: {}", e.getClass().getSimpleName());
        }
    }

    /** Sends everything due now; returns how many mails were handled. */
    public int drain() {
        int handled = 0;
        List<MailOutboxRepository.Due> due;
        do {
            long lease = Math.max(60, props.smtp().timeout().toSeconds() * 3);
            due = db.as(DbClaims.AUTH).write(() -> rows.claimDue(BATCH, lease));
            due.forEach(this::deliver);
            handled += due.size();
        } while (due.size() == BATCH);
        return handled;
    }

    @Scheduled(cron = "0 17 3 * * *")
    public void purge() {
        db.as(DbClaims.AUTH).run(() -> rows.purge(PURGE_AFTER_DAYS));
    }

    private void deliver(MailOutboxRepository.Due d) {
        try {
            String secret = d.sealedSecret() == null ? null
                    : new String(masterKey.decrypt(d.sealedSecret(), MailOutbox.SECRET_CONTEXT), StandardCharsets.US_ASCII);
            MailJob job = new MailJob(d.id(), d.kind(), d.recipient(), d.userId(), d.orgId(), d.redirectTo(), d.otherAddress(), secret,
                    d.attempts(), d.clientIp(), d.createdAt());
            MailComposer composer = composers.get(d.kind());
            if (composer == null) {
                throw new IllegalStateException("no composer for mail kind " + d.kind());
            }
            Optional<Mail> mail = composer.compose(job);
            if (mail.isPresent()) {
                transport.send(mail.get());
            }
            db.as(DbClaims.AUTH).run(() -> rows.markSent(d.id()));
        } catch (Exception e) {
            String error = e.getClass().getSimpleName();
            int attempts = d.attempts() + 1;
            try {
                if (attempts >= props.maxAttempts()) {
                    db.as(DbClaims.AUTH).run(() -> rows.markFailed(d.id(), error));
                    log.error("mail {} ({}) given up after {} attempts: {}", d.id(), d.kind().column(), attempts, error);
                } else {
                    Duration delay = backoff(attempts);
                    db.as(DbClaims.AUTH).run(() -> rows.markRetry(d.id(), clock.instant().plus(delay), error));
                    log.warn("mail {} ({}) attempt {} failed: {}; retrying in {}s", d.id(), d.kind().column(), attempts,
                            error, delay.toSeconds());
                }
            } catch (RuntimeException recordFailure) {
                // The claim's lease runs out and the mail is retried then.
                log.warn("mail {} outcome not recorded: {}", d.id(), recordFailure.getClass().getSimpleName());
            }
        }
    }

    /** retryDelay × 2^(attempts-1), at most maxRetryDelay. */
    Duration backoff(int attempts) {
        Duration d = props.retryDelay().multipliedBy(1L << Math.min(20, attempts - 1));
        return d.compareTo(props.maxRetryDelay()) > 0 ? props.maxRetryDelay() : d;
    }
}
