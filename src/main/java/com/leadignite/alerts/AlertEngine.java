package com.leadignite.alerts;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.ratelimit.CounterStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Evaluates the alert rules on one background thread. Request threads only {@link #offer} a signal to a
 * bounded queue (a full queue drops it and counts it; nothing ever waits). The thread takes signals in
 * batches, adds them to their sliding windows ({@link SlidingWindow}, shared through Redis when configured)
 * and opens an alert when a window reaches its threshold; signals of an alert already open only add to
 * its count and {@code last_seen} (the database's unique index on open alerts deduplicates across
 * instances). Every {@code check-interval} it resolves alerts that have been quiet for {@code quiet-period}.
 * Opening and resolving are announced through {@link AlertNotifier}; database work runs under the alert
 * engine's own claims ({@code service_alerts}).
 */
@Component
class AlertEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final int BATCH = 500;
    private static final int MAX_CACHED_OPEN = 100_000;

    private final AlertProperties props;
    private final AlertRepository repo;
    private final AlertNotifier notifier;
    private final SlidingWindow windows;
    private final Database db;
    private final Clock clock;
    private final BlockingQueue<Signal> queue;
    /** Rule and subject of alerts this instance knows to be open (only the engine thread touches it). */
    private final Set<String> knownOpen = new HashSet<>();
    private final Map<AlertRule, Counter> raised = new EnumMap<>(AlertRule.class);
    private final Map<AlertRule, Counter> resolved = new EnumMap<>(AlertRule.class);
    private final Map<AlertRule, AtomicLong> open = new EnumMap<>(AlertRule.class);
    private final Counter dropped;
    private final Counter failures;
    private volatile Thread worker;
    private volatile boolean running;
    private Instant nextCheck = Instant.MIN;

    AlertEngine(AlertProperties props, AlertRepository repo, AlertNotifier notifier, CounterStore counters,
                Database db, Clock clock, MeterRegistry meters) {
        this.props = props;
        this.repo = repo;
        this.notifier = notifier;
        this.windows = new SlidingWindow(counters);
        this.db = db;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(props.queueCapacity());
        for (AlertRule rule : AlertRule.values()) {
            raised.put(rule, Counter.builder("leadignite.alerts.raised").description("Alerts opened, by rule")
                    .tag("rule", rule.id()).tag("severity", rule.severity().name()).register(meters));
            resolved.put(rule, Counter.builder("leadignite.alerts.resolved").description("Alerts resolved, by rule")
                    .tag("rule", rule.id()).register(meters));
            AtomicLong n = new AtomicLong();
            open.put(rule, n);
            Gauge.builder("leadignite.alerts.open", n, AtomicLong::get).description("Alerts open now, by rule")
                    .tag("rule", rule.id()).tag("severity", rule.severity().name()).register(meters);
        }
        this.dropped = Counter.builder("leadignite.alerts.signals_dropped")
                .description("Alert signals dropped because the evaluation queue was full").register(meters);
        this.failures = Counter.builder("leadignite.alerts.evaluation_failures")
                .description("Alert evaluations that failed (database or counter store errors)").register(meters);
    }

    /** Queues a signal for evaluation; never blocks. */
    void offer(Signal signal) {
        if (!running || !queue.offer(signal)) {
            dropped.increment();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::run, "alert-engine");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void close() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        List<Signal> batch = new ArrayList<>(BATCH);
        long pollMillis = Math.max(50, Math.min(500, props.checkInterval().toMillis()));
        while (running) {
            try {
                Signal first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    evaluate(batch);
                    batch.clear();
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextCheck)) {
                    nextCheck = now.plus(props.checkInterval());
                    resolveQuiet(now);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                batch.clear();
                failures.increment();
                log.warn("alert evaluation failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** One group of signals of the same rule and subject within a batch. */
    private static final class Group {
        final Signal first;
        int n;
        Instant last;

        Group(Signal first) {
            this.first = first;
            this.last = first.at();
        }
    }

    void evaluate(List<Signal> batch) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Signal s : batch) {
            Group g = groups.computeIfAbsent(s.rule().id() + "|" + sha256(s.subject()), k -> new Group(s));
            g.n++;
            if (s.at().isAfter(g.last)) {
                g.last = s.at();
            }
        }
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            try {
                evaluate(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                failures.increment();
                log.warn("alert evaluation of rule {} failed: {}", e.getValue().first.rule().id(), ex.getClass().getSimpleName());
            }
        }
    }

    private void evaluate(String cacheKey, Group g) {
        Signal s = g.first;
        AlertRule rule = s.rule();
        String subject = cacheKey.substring(cacheKey.indexOf('|') + 1);
        if (knownOpen.contains(cacheKey)) {
            Boolean still = db.as(DbClaims.ALERTS).write(() -> repo.bump(rule, subject, g.n, g.last));
            if (Boolean.TRUE.equals(still)) {
                return;
            }
            knownOpen.remove(cacheKey);
        }
        long count = windows.add(rule.id(), subject, props.window(rule), g.last, g.n);
        if (count < props.threshold(rule)) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>(s.details());
        details.put("threshold", props.threshold(rule));
        details.put("window_seconds", props.window(rule).toSeconds());
        Signal latest = new Signal(rule, s.orgId(), s.key(), s.details(), g.last);
        AlertRepository.Upsert up = db.as(DbClaims.ALERTS).write(() -> repo.openOrBump(latest, subject, count, g.n, details));
        if (knownOpen.size() >= MAX_CACHED_OPEN) {
            knownOpen.clear();
        }
        knownOpen.add(cacheKey);
        if (up != null && up.opened()) {
            raised.get(rule).increment();
            open.get(rule).incrementAndGet();
            notifier.announce(up.alert(), up.orgId());
        }
    }

    void resolveQuiet(Instant now) {
        Instant before = now.minus(props.quietPeriod());
        List<AlertRepository.Resolved> done;
        do {
            done = db.as(DbClaims.ALERTS).write(() -> repo.resolveQuiet(before, now, 100));
            for (AlertRepository.Resolved r : done) {
                AlertRule rule = rule(r.alert().rule());
                if (rule != null) {
                    resolved.get(rule).increment();
                }
                knownOpen.remove(r.alert().rule() + "|" + r.subject());
                notifier.announce(r.alert(), r.orgId());
            }
        } while (done.size() == 100);
        Map<String, Long> counts = db.as(DbClaims.ALERTS).write(() -> repo.openByRule());
        for (AlertRule rule : AlertRule.values()) {
            open.get(rule).set(counts == null ? 0 : counts.getOrDefault(rule.id(), 0L));
        }
    }

    private static AlertRule rule(String id) {
        for (AlertRule r : AlertRule.values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signals waiting in the queue (tests wait for it to drain). */
    int queued() {
        return queue.size();
    }

    Duration quietPeriod() {
        return props.quietPeriod();
    }
}
