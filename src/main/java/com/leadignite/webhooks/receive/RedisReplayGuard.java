package com.leadignite.webhooks.receive;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Replay ids in Redis ({@code SET key 1 NX EX retention}), shared by every instance. The event table's
 * unique (endpoint, message id) still backs it up.
 */
public class RedisReplayGuard implements ReplayGuard, AutoCloseable {

    private static final String PREFIX = "leadignite:webhook-replay:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisReplayGuard(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
    }

    @Override
    public boolean firstSeen(UUID orgId, UUID endpointId, String messageId, Duration retention) {
        String ok = connection.sync().set(key(endpointId, messageId), "1",
                SetArgs.Builder.nx().ex(Math.max(1, retention.toSeconds())));
        return "OK".equals(ok);
    }

    @Override
    public void forget(UUID endpointId, String messageId) {
        connection.sync().del(key(endpointId, messageId));
    }

    @Override
    public boolean databaseBacked() {
        return false;
    }

    /** Message ids are sender-chosen text: hashed so the key has a bounded, safe shape. */
    static String key(UUID endpointId, String messageId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + endpointId + ":" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
