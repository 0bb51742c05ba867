package com.leadignite.webhooks.receive;

import com.leadignite.security.ratelimit.RedisConnections;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Replay ids in Redis ({@code SET key 1 NX EX retention}), shared by every instance, over the service's
 * one Redis client. While Redis is down or slow the ids go to the database instead (in the same
 * transaction as the event), so replay protection never fails open; the event table's unique
 * (endpoint, message id) backs both up.
 */
public class RedisReplayGuard implements ReplayGuard {

    private final RedisConnections redis;
    private final DatabaseReplayGuard fallback;

    public RedisReplayGuard(RedisConnections redis, DatabaseReplayGuard fallback) {
        this.redis = redis;
        this.fallback = fallback;
    }

    @Override
    public boolean firstSeen(UUID orgId, UUID endpointId, String messageId, Duration retention) {
        StatefulRedisConnection<String, String> c = redis.strings();
        if (c != null) {
            try {
                String ok = c.sync().set(key(endpointId, messageId), "1",
                        SetArgs.Builder.nx().ex(Math.max(1, retention.toSeconds())));
                redis.succeeded();
                return "OK".equals(ok);
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
        return fallback.firstSeen(orgId, endpointId, messageId, retention);
    }

    @Override
    public void forget(UUID endpointId, String messageId) {
        StatefulRedisConnection<String, String> c = redis.strings();
        if (c != null) {
            try {
                c.sync().del(key(endpointId, messageId));
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
    }

    @Override
    public boolean databaseBacked() {
        return false;
    }

    /** Message ids are sender-chosen text: hashed so the key has a bounded, safe shape. */
    String key(UUID endpointId, String messageId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return redis.keyPrefix() + "webhook-replay:" + endpointId + ":" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
