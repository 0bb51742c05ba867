package com.leadignite.support;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The machine's Redis for tests: a unique key prefix per run, and removal of everything under it. */
public final class RedisSupport {

    public static final String URL = "redis://" + System.getenv().getOrDefault("TEST_REDIS_HOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("TEST_REDIS_PORT", "6379");

    private RedisSupport() {
    }

    public static String uniquePrefix(String what) {
        return "li-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public static List<String> keys(String prefix) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> out = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            for (int i = 0; i < 10_000 && !cursor.isFinished(); i++) {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                out.addAll(page.getKeys());
                cursor = page;
            }
            return out;
        } finally {
            client.shutdown();
        }
    }

    public static long pttl(String key) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().pttl(key);
        } finally {
            client.shutdown();
        }
    }

    public static void deleteAll(String prefix) {
        List<String> keys = keys(prefix);
        if (keys.isEmpty()) {
            return;
        }
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }
}
