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
                update public.webhook_previous_secrets set expires_at = now() - interval '1 hour' where endpoint_id = ?""",
                e.id());

        assertThat(client.deliver(e, oldSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("old secret after the overlap").isEqualTo(401);
        assertThat(client.deliver(e, newSecret, msgId(), now(), event("x.unknown", "{}")).status())
                .as("new secret still works").isEqualTo(202);
    }

    @Test
    void everyRotatedSecretKeepsItsOwnGracePeriod() {
        Http http = new Http(port);
        WebhookTestClient client = new WebhookTestClient(http);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "ghl");
        String first = e.secret();
        String second = rotate(http, admin, e).json().get("secret").asString();
        String third = rotate(http, admin, e).json().get("secret").asString();
        assertThat(client.deliver(e, first, msgId(), now(), event("x.unknown", "{}")).status())
                .as("the first secret was promised its grace period by the first rotation").isEqualTo(202);
        assertThat(client.deliver(e, second, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(client.deliver(e, third, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);

        // Each expires on its own: ending the first one's period leaves the second verifying.
        Fixtures.exec("""
                update public.webhook_previous_secrets set expires_at = now() - interval '1 second'
                 where endpoint_id = ? and expires_at = (select min(expires_at) from public.webhook_previous_secrets
                                                         where endpoint_id = ?)""", e.id(), e.id());
        assertThat(client.deliver(e, first, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(401);
        assertThat(client.deliver(e, second, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
        var listed = http.get("/api/v1/webhook-endpoints", "Authorization", admin.bearer()).json().get("items").get(0);
        assertThat(listed.get("previous_secret_expires_at").isNull()).isFalse();
    }

    @Test
    void rotationsBeyondTheBoundWithinTheGracePeriodAreRefusedNotForgotten() {
        Http http = new Http(port);
        WebhookTestClient client = new WebhookTestClient(http);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "vapi");
        String first = e.secret();
        String latest = first;
        for (int i = 0; i < 5; i++) {
            Http.Response r = rotate(http, admin, e);
            assertThat(r.status()).isEqualTo(200);
            latest = r.json().get("secret").asString();
        }
        Http.Response refused = rotate(http, admin, e);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/rotation-limit");
        assertThat(client.deliver(e, first, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(client.deliver(e, latest, msgId(), now(), event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(WebhookDb.count("select count(*) from public.webhook_previous_secrets where endpoint_id = ?", e.id()))
                .isEqualTo(5);

        // Once one grace period is over, rotating works again.
        Fixtures.exec("""
                update public.webhook_previous_secrets set expires_at = now() - interval '1 second'
                 where endpoint_id = ? and expires_at = (select min(expires_at) from public.webhook_previous_secrets
                                                         where endpoint_id = ?)""", e.id(), e.id());
        assertThat(rotate(http, admin, e).status()).isEqualTo(200);
        assertThat(WebhookDb.count("select count(*) from public.webhook_previous_secrets where endpoint_id = ?", e.id()))
                .isEqualTo(5);
    }

    @Test
    void deletingAnEndpointWipesEveryPreviousSecret() {
        Http http = new Http(port);
        WebhookTestClient client = new WebhookTestClient(http);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "vapi");
        rotate(http, admin, e);
        rotate(http, admin, e);
        assertThat(http.delete("/api/v1/webhook-endpoints/" + e.id(), "Authorization", admin.bearer()).status())
                .isEqualTo(204);
        assertThat(WebhookDb.count("select count(*) from public.webhook_previous_secrets where endpoint_id = ?", e.id()))
                .isZero();
    }

    private static Http.Response rotate(Http http, Fixtures.TestUser admin, WebhookTestClient.Endpoint e) {
        return http.post("/api/v1/webhook-endpoints/" + e.id() + "/rotate", null, "Authorization", admin.bearer());
    }
}
