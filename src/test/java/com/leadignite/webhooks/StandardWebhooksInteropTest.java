package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static com.leadignite.webhooks.WebhookTestClient.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.receive.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Interoperability with the official {@code standardwebhooks} npm package (1.1.1), both ways: what it
 * signs the service accepts, and what our signer produces it verifies.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardWebhooksInteropTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    UUID org;
    WebhookTestClient client;
    WebhookTestClient.Endpoint endpoint;

    @BeforeAll
    void setUp() {
        client = new WebhookTestClient(new Http(port));
        org = fixtures.createOrg("interop");
        endpoint = client.register(fixtures.user(org, "admin"), "vapi");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    static final String BODY = "{\"type\":\"call.ended\",\"timestamp\":\"2026-01-01T00:00:00Z\","
            + "\"data\":{\"call_id\":\"interop-1\",\"phone\":\"+1 555 010 9999\",\"note\":\"h\u00e9llo \u2713\"}}";

    @Test
    void theServiceAcceptsWhatTheNpmLibrarySigns() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String id = msgId();
        long ts = now();
        String signature = NodeStandardWebhooks.sign(endpoint.secret(), id, ts, body);
        assertThat(signature).startsWith("v1,");
        var r = client.post(endpoint.path(), body, "webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", signature);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // and the library's signature under another secret is refused, so the check above can fail
        String foreign = NodeStandardWebhooks.sign("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                msgId(), ts, body);
        assertThat(client.post(endpoint.path(), body, "webhook-id", msgId(), "webhook-timestamp", Long.toString(ts),
                "webhook-signature", foreign).status()).isEqualTo(401);
    }

    @Test
    void theNpmLibraryVerifiesWhatOurSignerProduces() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String id = msgId();
        long ts = now();
        String ours = SignatureVerifier.signStandard(endpoint.secret(), id, ts, body);
        NodeStandardWebhooks.Result ok = NodeStandardWebhooks.verify(endpoint.secret(), id, ts, ours, body);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).isEqualTo("verified");

        NodeStandardWebhooks.Result tampered = NodeStandardWebhooks.verify(endpoint.secret(), id, ts, ours,
                BODY.replace("interop-1", "interop-2").getBytes(StandardCharsets.UTF_8));
        assertThat(tampered.exitCode()).as(tampered.output()).isEqualTo(1);
    }

    @Test
    void bothSignersAgreeByteForByte() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String id = msgId();
        long ts = now();
        assertThat(SignatureVerifier.signStandard(endpoint.secret(), id, ts, body))
                .isEqualTo(NodeStandardWebhooks.sign(endpoint.secret(), id, ts, body));
    }
}
