package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.process.WebhookEventPurge;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Handled events older than the retention are deleted and their bytes given back to their org. */
@IntegrationTest
class WebhookEventPurgeTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    WebhookEventPurge purge;

    UUID org;
    UUID endpoint;

    @BeforeEach
    void setUp() {
        org = fixtures.createOrg("purge");
        endpoint = new WebhookTestClient(new Http(port)).register(fixtures.user(org, "admin"), "vapi").id();
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    // Due tomorrow, so the running worker leaves the pending one alone while the purge is tested.
    private UUID event(String status, String age, int bytes) {
        UUID id = UUID.randomUUID();
        Fixtures.exec("""
                insert into public.webhook_events (id, org_id, endpoint_id, provider, message_id, event_type, payload,
                                                   status, received_at, stored_bytes, next_attempt_at)
                values (?, ?, ?, 'vapi', ?, 'x.unknown', '{}', ?, now() - cast(? as interval), ?, now() + interval '1 day')""",
                id, org, endpoint, "msg_" + id, status, age, bytes);
        return id;
    }

    @Test
    void oldHandledEventsGoAndTheirBytesAreReturned() {
        UUID oldProcessed = event("processed", "31 days", 1000);
        UUID oldIgnored = event("ignored", "40 days", 2000);
        UUID oldPending = event("pending", "31 days", 4000);
        UUID recent = event("processed", "29 days", 8000);
        Fixtures.exec("""
                insert into public.webhook_storage_usage (org_id, bytes) values (?, 15000)
                on conflict (org_id) do update set bytes = excluded.bytes""", org);

        assertThat(purge.purge()).isGreaterThanOrEqualTo(2);

        assertThat(WebhookDb.rows("select id from public.webhook_events where org_id = ?", org))
                .extracting(r -> r.get("id")).containsExactlyInAnyOrder(oldPending, recent);
        assertThat(WebhookDb.count("select bytes from public.webhook_storage_usage where org_id = ?", org))
                .isEqualTo(12000);
        assertThat(oldProcessed).isNotEqualTo(oldIgnored);
    }
}
