package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static com.leadignite.webhooks.WebhookTestClient.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** After a rotation the old secret verifies during the overlap, and stops once it has passed. */
@IntegrationTest
class RotationOverlapTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    UUID org;

    @BeforeEach
    void setUp() {
        org = fixtures.createOrg("rotation");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    @Test
    void oldSecretWorksDuringTheOverlapAndStopsAfterIt() {
        Http http = new Http(port);
        WebhookTestClient client = new WebhookTestClient(http);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "vapi");
        String oldSecret = e.secret();

        Http.Response rotated = http.post("/api/v1/webhook-endpoints/" + e.id() + "/rotate", null,
                "Authorization", admin.bearer());
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("secret").asString();

        assertThat(client.deliver(e, oldSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("old secret inside the overlap").isEqualTo(202);
        assertThat(client.deliver(e, newSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("new secret").isEqualTo(202);

        // The overlap ends (instead of waiting 24 hours, move its end into the past).
        Fixtures.exec("""
                update public.webhook_endpoints
                   set rotated_at = now() - interval '25 hours', previous_secret_expires_at = now() - interval '1 hour'
                 where id = ?""", e.id());

        assertThat(client.deliver(e, oldSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("old secret after the overlap").isEqualTo(401);
        assertThat(client.deliver(e, newSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("new secret still works").isEqualTo(202);
    }

    @Test
    void aSecondRotationRetiresTheFirstSecretAtOnce() {
        Http http = new Http(port);
        WebhookTestClient client = new WebhookTestClient(http);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "ghl");
        String first = e.secret();
        String second = http.post("/api/v1/webhook-endpoints/" + e.id() + "/rotate", null, "Authorization", admin.bearer())
                .json().get("secret").asString();
        String third = http.post("/api/v1/webhook-endpoints/" + e.id() + "/rotate", null, "Authorization", admin.bearer())
                .json().get("secret").asString();
        assertThat(client.deliver(e, first, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(401);
        assertThat(client.deliver(e, second, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(client.deliver(e, third, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
    }
}
