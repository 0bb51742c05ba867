package com.leadignite.security.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The one Redis client of the service, or none when {@code REDIS_URL} is unset. Connects lazily and
 * never blocks start-up; commands fail fast (short timeout, rejected while disconnected) so a dead or
 * slow Redis costs a request at most one command timeout. Callers report failures through
 * {@link #failed}; the connection is then skipped for {@code retry-interval} and everything runs on
 * in-process counters, with an error log line on each transition and a metric.
 */
@Component
public class RedisConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final RedisProperties props;
    private final Clock clock;
    private final RedisClient client;
    private final Counter failures;
    private final AtomicLong downUntil = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean connecting = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean up;
    private volatile boolean alertedOnce;
    private volatile StatefulRedisConnection<String, String> strings;

    public RedisConnections(RedisProperties props, Clock clock, MeterRegistry meters) {
        this.props = props;
        this.clock = clock;
        this.failures = Counter.builder("leadignite.redis.failures")
                .description("Redis commands that failed or timed out; the request used in-process limits instead")
                .register(meters);
        Gauge.builder("leadignite.redis.up", this, r -> r.configured() && r.up ? 1 : 0)
                .description("1 while the shared Redis answers, 0 while limits run per instance").register(meters);
        if (props.configured()) {
            RedisURI uri;
            try {
                uri = RedisURI.create(props.url());
            } catch (RuntimeException e) {
                // Not the URL itself in the message: it may carry a password.
                throw new IllegalArgumentException("leadignite.redis.url (REDIS_URL) is not a valid Redis URL");
            }
            uri.setTimeout(props.commandTimeout());
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(props.connectTimeout()).build())
                    .timeoutOptions(TimeoutOptions.enabled(props.commandTimeout()))
                    .build());
        } else {
            client = null;
        }
    }

    public boolean configured() {
        return client != null;
    }

    /** The client, for tests that watch the commands sent (null when Redis is off). */
    RedisClient client() {
        return client;
    }

    public String keyPrefix() {
        return props.keyPrefix();
    }

    /** The connection (limiter scripts, counters), or null while Redis is off, unconnected or in its back-off. */
    public StatefulRedisConnection<String, String> strings() {
        return usable() ? strings : null;
    }

    /**
     * True when commands may be sent now. Without connections yet (Redis was down at start), a connect
     * is started in the background and this request uses in-process counters: a request never waits
     * for a TCP connect, only (at most) for one command timeout.
     */
    private boolean usable() {
        if (client == null || clock.millis() < downUntil.get()) {
            return false;
        }
        if (strings == null) {
            if (connecting.compareAndSet(false, true)) {
                Thread t = new Thread(() -> {
                    try {
                        connect();
                        succeeded();
                    } catch (RuntimeException e) {
                        failed(e);
                    } finally {
                        connecting.set(false);
                    }
                }, "redis-connect");
                t.setDaemon(true);
                t.start();
            }
            return false;
        }
        return true;
    }

    private RedisConnections connect() {
        if (strings == null) {
            synchronized (this) {
                if (strings == null) {
                    strings = client.connect(StringCodec.UTF8); // a failure is reported by the caller through failed()
                }
            }
        }
        return this;
    }

    /**
     * Connects and pings once the service is up, so the first requests do not pay for connection set-up
     * (and a Redis that is down at start is reported at once). Never fails the start.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        if (client == null) {
            return;
        }
        try {
            connect();
            strings.sync().ping();
            // Loads the limiter's script, so no request pays for the one EVAL that would do it.
            strings.sync().scriptLoad(RedisTokenBuckets.SCRIPT);
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A command answered: leaves fallback mode if it was on. */
    public void succeeded() {
        if (!up) {
            up = true;
            log.info("Redis reachable: rate limits and lockouts are shared across instances");
        }
    }

    /**
     * A command failed or timed out: use in-process counters for {@code retry-interval}. Logs an alert on
     * the transition to fallback (not per request), and counts every failure.
     */
    public void failed(Throwable e) {
        failures.increment();
        downUntil.set(clock.millis() + props.retryInterval().toMillis());
        if (up || !alertedOnce) {
            alertedOnce = true;
            up = false;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("ALERT Redis unavailable ({}/{}): rate limits, lockouts and brute-force counters fall back to "
                    + "in-process counters on this instance until it answers again",
                    e.getClass().getSimpleName(), cause.getClass().getSimpleName());
        }
    }

    public boolean up() {
        return up;
    }

    @Override
    public void destroy() {
        if (client != null) {
            try {
                if (strings != null) {
                    strings.close();
                }
            } finally {
                client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
            }
        }
    }
}
