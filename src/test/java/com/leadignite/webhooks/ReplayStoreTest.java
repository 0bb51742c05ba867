package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.security.ratelimit.RedisProperties;
import com.leadignite.webhooks.receive.DatabaseReplayGuard;
import com.leadignite.webhooks.receive.RedisReplayGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import com.leadignite.webhooks.receive.ReplayIdCleanup;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The database replay store's clean-up keeps the window, and the Redis store refuses a second sighting. */
@IntegrationTest
class ReplayStoreTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    ReplayIdCleanup cleanup;
    @Autowired
    DatabaseReplayGuard database;
    @Autowired
    Database db;

    UUID org;
    UUID endpoint;

    @BeforeEach
    void setUp() {
        org = fixtures.createOrg("replay-store");
        endpoint = UUID.randomUUID();
        Fixtures.exec("insert into public.webhook_endpoints (id, org_id, provider, secret_enc) values (?, ?, 'vapi', '\\x01')",
                endpoint, org);
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void cleanupDeletesIdsOlderThanTheRetentionAndKeepsThoseInsideTheWindow() {
        insert("old", "now() - interval '2 hours'");
        insert("edge", "now() - interval '6 minutes'"); // past the 5-minute tolerance, inside the 10-minute retention
        insert("fresh", "now()");
        cleanup.purge();
        assertThat(WebhookDb.rows("select message_id from public.webhook_replay_ids where endpoint_id = ? order by message_id",
                endpoint)).extracting(r -> r.get("message_id")).containsExactly("edge", "fresh");
    }

    @Test
    void thePurgeFunctionNeverShortensTheWindowBelowFiveMinutes() {
        insert("four-minutes", "now() - interval '4 minutes'");
        WebhookDb.rows("select public.webhook_replay_ids_purge(0) as n");
        assertThat(WebhookDb.count("select count(*) from public.webhook_replay_ids where endpoint_id = ?", endpoint)).isEqualTo(1);
    }

    @Test
    void redisRefusesTheSameIdTwiceButNotOnAnotherEndpoint() {
        RedisConnections redis = redis("redis://" + System.getenv().getOrDefault("TEST_REDIS_HOST", "127.0.0.1") + ":6379");
        try {
            RedisReplayGuard guard = new RedisReplayGuard(redis, database);
            String id = "msg_" + UUID.randomUUID();
            assertThat(guard.firstSeen(org, endpoint, id, Duration.ofMinutes(10))).isTrue();
            assertThat(guard.firstSeen(org, endpoint, id, Duration.ofMinutes(10))).isFalse();
            assertThat(guard.firstSeen(org, UUID.randomUUID(), id, Duration.ofMinutes(10))).isTrue();
            guard.forget(endpoint, id);
            assertThat(guard.firstSeen(org, endpoint, id, Duration.ofMinutes(10))).as("released after a failed store").isTrue();
            guard.forget(endpoint, id);
            assertThat(WebhookDb.count("select count(*) from public.webhook_replay_ids where endpoint_id = ?", endpoint))
                    .as("with Redis up, nothing goes to the database").isZero();
        } finally {
            redis.destroy();
        }
    }

    @Test
    void whileRedisIsDownReplayIdsGoToTheDatabaseSoReplaysAreStillRefused() {
        RedisConnections dead = redis("redis://127.0.0.1:1");
        try {
            RedisReplayGuard guard = new RedisReplayGuard(dead, database);
            String id = "msg_" + UUID.randomUUID();
            assertThat(inWebhookTransaction(() -> guard.firstSeen(org, endpoint, id, Duration.ofMinutes(10)))).isTrue();
            assertThat(inWebhookTransaction(() -> guard.firstSeen(org, endpoint, id, Duration.ofMinutes(10))))
                    .as("a replay during the outage").isFalse();
            assertThat(WebhookDb.count("select count(*) from public.webhook_replay_ids where endpoint_id = ?", endpoint))
                    .isEqualTo(1);
        } finally {
            dead.destroy();
        }
    }

    private boolean inWebhookTransaction(java.util.function.Supplier<Boolean> work) {
        return db.as(DbClaims.webhook(org)).write(work);
    }

    private static RedisConnections redis(String url) {
        RedisConnections redis = new RedisConnections(new RedisProperties(url, "li-test-" + UUID.randomUUID() + ":",
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)), Clock.systemUTC(), new SimpleMeterRegistry());
        redis.warmUp();
        return redis;
    }

    private void insert(String id, String seenAt) {
        Fixtures.exec("insert into public.webhook_replay_ids (endpoint_id, message_id, org_id, seen_at) values (?, ?, ?, "
                + seenAt + ")", endpoint, id, org);
    }
}
