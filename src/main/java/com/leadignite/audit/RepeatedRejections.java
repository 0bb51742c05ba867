package com.leadignite.audit;

import com.leadignite.web.RequestIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;
import java.util.function.Consumer;

/**
 * Audits rejections that outsiders can repeat at will (a bad webhook signature, an unknown endpoint
 * id, a failed sign-in) without letting them grow the log without limit. The first rejection of a
 * source (client IP) with the same org, action, target and {@code reason} in a window is written at once
 * (with its full details); the rest of that window become one more row with {@code "repeated": n} when
 * the window ends. Other details (a provider, an origin) may be chosen by the outsider and are not part
 * of the key. Targets an
 * outsider invents (ids of no org) are not part of the key, and beyond {@code repeat-max-sources}
 * tracked sources new ones share one key without the source, so a flood from many addresses costs
 * bounded memory and rows too. Nothing is dropped: every rejection is counted in some row.
 * Used through {@link AuditWriter#recordRejection}.
 */
final class RepeatedRejections {

    private final Consumer<AuditEvent> audit;
    private final Clock clock;
    private final AuditProperties props;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

    RepeatedRejections(Consumer<AuditEvent> audit, Clock clock, AuditProperties props) {
        this.audit = audit;
        this.clock = clock;
        this.props = props;
    }

    private record Key(UUID orgId, UUID actorId, String action, String entityType, String entityId,
                       AuditEvent.Outcome outcome, Object reason, String source) {
    }

    private static final class Window {
        final Instant start;
        final AuditEvent first;
        final String ip;
        final String requestId;
        final AtomicLong repeated = new AtomicLong();

        Window(Instant start, AuditEvent first, String ip, String requestId) {
            this.start = start;
            this.first = first;
            this.ip = ip;
            this.requestId = requestId;
        }
    }

    /** Audits {@code e} (committed independently), or counts it when its source was just audited. */
    void record(AuditEvent e) {
        String ip = MDC.get(AuditWriter.MDC_CLIENT_IP);
        Instant now = clock.instant();
        Key key = key(e, ip);
        if (!windows.containsKey(key) && windows.size() >= props.repeatMaxSources()) {
            key = key(e, "*");
        }
        List<Window> ended = new ArrayList<>(1);
        boolean[] opened = {false};
        String source = "*".equals(key.source()) ? null : ip;
        windows.compute(key, (k, w) -> {
            if (w != null && !expired(w, now)) {
                w.repeated.incrementAndGet();
                return w;
            }
            if (w != null) {
                ended.add(w);
            }
            opened[0] = true;
            return new Window(now, e, source, RequestIds.current());
        });
        ended.forEach(this::writeSummary);
        if (opened[0]) {
            audit.accept(e);
        }
    }

    /** Writes the count of every window that has ended by {@code asOf}. */
    void flush(Instant asOf) {
        for (Map.Entry<Key, Window> entry : windows.entrySet()) {
            Window w = entry.getValue();
            if (expired(w, asOf) && windows.remove(entry.getKey(), w)) {
                writeSummary(w);
            }
        }
    }

    Instant now() {
        return clock.instant();
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start.plus(props.repeatWindow()));
    }

    private void writeSummary(Window w) {
        long n = w.repeated.get();
        if (n == 0) {
            return;
        }
        AuditEvent f = w.first;
        Map<String, Object> details = new LinkedHashMap<>(f.details() == null ? Map.of() : f.details());
        details.put("repeated", n);
        details.put("window_seconds", props.repeatWindow().toSeconds());
        details.put("first_request_id", w.requestId);
        String previousIp = MDC.get(AuditWriter.MDC_CLIENT_IP);
        String previousRid = RequestIds.current();
        try {
            putOrRemove(AuditWriter.MDC_CLIENT_IP, w.ip);
            MDC.remove(AuditWriter.MDC_REQUEST_ID);
            audit.accept(new AuditEvent(f.orgId(), f.actorId(), f.action(), f.entityType(),
                    f.orgId() == null ? null : f.entityId(), f.outcome(), details));
        } finally {
            putOrRemove(AuditWriter.MDC_CLIENT_IP, previousIp);
            putOrRemove(AuditWriter.MDC_REQUEST_ID, previousRid);
        }
    }

    private static void putOrRemove(String k, String v) {
        if (v == null) {
            MDC.remove(k);
        } else {
            MDC.put(k, v);
        }
    }

    private static Key key(AuditEvent e, String source) {
        boolean ownTarget = e.orgId() != null;
        return new Key(e.orgId(), ownTarget ? e.actorId() : null, e.action(), e.entityType(),
                ownTarget ? e.entityId() : null, e.outcome(),
                e.details() == null ? null : e.details().get("reason"), Objects.requireNonNullElse(source, ""));
    }
}
