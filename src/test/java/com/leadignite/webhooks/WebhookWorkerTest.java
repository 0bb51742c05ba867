package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Stored events are handled after the answer, once, under the endpoint org's claims, with retries. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookWorkerTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    WebhookEventWorker worker;

    UUID org;
    WebhookTestClient client;
    WebhookTestClient.Endpoint endpoint;

    @BeforeAll
    void setUp() {
        client = new WebhookTestClient(new Http(port));
        org = fixtures.createOrg("worker");
        endpoint = client.register(fixtures.user(org, "admin"), "ghl");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void aStoredEventIsHandledOnceWithinSecondsUnderTheEndpointsOrgClaims() throws Exception {
        String id = msgId();
        var r = client.deliver(endpoint, id, event("test.probe", "{\"org_id\":\"" + UUID.randomUUID() + "\"}"));
        assertThat(r.status()).isEqualTo(200);
        UUID eventId = UUID.fromString(r.json().get("event_id").asString());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "processed".equals(status(eventId).get("status")));
        assertThat(status(eventId).get("processed_at")).isNotNull();
        assertThat(ProbeEventHandler.CLAIMED_ORG.get(eventId)).isEqualTo(org.toString());
        assertThat(ProbeEventHandler.CLAIMED_ROLE.get(eventId)).isEqualTo("service_webhook");

        // Kick and poll both saw it; more attempts now change nothing.
        worker.process(eventId, org);
        worker.poll();
        // nothing may run it a second time: the count must stay 1 for a while, not just once
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> ProbeEventHandler.CALLS.get(eventId).get() == 1);
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffAndThenSucceeds() throws Exception {
        var r = client.deliver(endpoint, msgId(), event("test.probe", "{\"fail_times\":1}"));
        assertThat(r.status()).isEqualTo(200);
        UUID eventId = UUID.fromString(r.json().get("event_id").asString());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) status(eventId).get("attempts")).intValue() >= 1);
        Map<String, Object> afterFailure = status(eventId);
        assertThat(afterFailure.get("status")).isIn("pending", "processed");
        // skip the back-off instead of waiting for it
        Fixtures.exec("update public.webhook_events set next_attempt_at = now() where id = ? and status = 'pending'", eventId);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "processed".equals(status(eventId).get("status")));
        assertThat(ProbeEventHandler.CALLS.get(eventId).get()).isEqualTo(2);
        assertThat(((Number) status(eventId).get("attempts")).intValue()).isEqualTo(2);
    }

    @Test
    void anEventThatKeepsFailingEndsAsFailed() throws Exception {
        var r = client.deliver(endpoint, msgId(), event("test.probe", "{\"fail_times\":100}"));
        UUID eventId = UUID.fromString(r.json().get("event_id").asString());
        for (int i = 0; i < 10 && !"failed".equals(status(eventId).get("status")); i++) {
            Fixtures.exec("update public.webhook_events set next_attempt_at = now() where id = ?", eventId);
            worker.process(eventId, org);
        }
        Map<String, Object> row = status(eventId);
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(5);
        assertThat((String) row.get("error")).startsWith("processing_failed").doesNotContain("probe failure");
    }

    @Test
    void anotherOrgsClaimsCannotHandleTheEvent() {
        var r = client.deliver(endpoint, msgId(), event("x.unknown.for.claims", "{}"));
        UUID eventId = UUID.fromString(r.json().get("event_id").asString());
        // not due for the poll, so only the calls below can reach it
        Fixtures.exec("""
                update public.webhook_events set status = 'pending', event_type = 'test.probe', processed_at = null,
                       next_attempt_at = now() + interval '1 hour' where id = ?""", eventId);
        worker.process(eventId, UUID.randomUUID()); // wrong org: row-level security hides the event
        assertThat(ProbeEventHandler.CALLS.get(eventId)).isNull();
        assertThat(status(eventId).get("status")).isEqualTo("pending");
        worker.process(eventId, org);
        assertThat(status(eventId).get("status")).isEqualTo("processed");
    }

    private static Map<String, Object> status(UUID eventId) {
        return WebhookDb.rows("select status, attempts, processed_at, error from public.webhook_events where id = ?",
                eventId).get(0);
    }
}
