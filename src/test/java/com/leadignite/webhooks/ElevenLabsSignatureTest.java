package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static com.leadignite.webhooks.WebhookTestClient.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** ElevenLabs' own header on elevenlabs endpoints: keyed with the whole secret string as issued. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevenLabsSignatureTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    UUID org;
    WebhookTestClient client;
    WebhookTestClient.Endpoint el;
    WebhookTestClient.Endpoint vapi;

    @BeforeAll
    void setUp() {
        client = new WebhookTestClient(new Http(port));
        org = fixtures.createOrg("elevenlabs");
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        el = client.register(admin, "elevenlabs");
        vapi = client.register(admin, "vapi");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    /** Written out independently of the service's verifier: hex HMAC-SHA256 of "t.body". */
    static String elevenLabsHeader(byte[] key, long t, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] sig = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return "t=" + t + ",v0=" + HexFormat.of().formatHex(sig);
    }

    static String body(String conversation) {
        return "{\"type\":\"post_call_transcription\",\"event_timestamp\":" + now()
                + ",\"data\":{\"conversation_id\":\"" + conversation + "\",\"agent_id\":\"a1\",\"new_field\":1}}";
    }

    @Test
    void validSignatureWithTheWholeSecretStringIsAccepted() throws Exception {
        String b = body("conv-" + UUID.randomUUID());
        var r = client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature",
                elevenLabsHeader(el.secret().getBytes(StandardCharsets.UTF_8), now(), b));
        assertThat(r.status()).isEqualTo(200);
        assertThat(WebhookDb.count("select count(*) from public.webhook_events where endpoint_id = ? and event_type = 'post_call_transcription'",
                el.id())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void keyingWithTheDecodedBytesInsteadOfTheStringIsRejected() throws Exception {
        String b = body("conv-x");
        byte[] decoded = Base64.getDecoder().decode(el.secret().substring(6));
        assertThat(client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature",
                elevenLabsHeader(decoded, now(), b)).status()).isEqualTo(401);
    }

    @Test
    void invalidSignaturesAre401() throws Exception {
        String b = body("conv-y");
        byte[] key = el.secret().getBytes(StandardCharsets.UTF_8);
        long t = now();
        String good = elevenLabsHeader(key, t, b);
        byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
        assertThat(client.post(el.path(), bytes, "ElevenLabs-Signature", good.replace("v0=", "v0=00")).status()).isEqualTo(401);
        assertThat(client.post(el.path(), bytes, "ElevenLabs-Signature", "t=" + t + ",v0=zz").status()).isEqualTo(401);
        assertThat(client.post(el.path(), bytes, "ElevenLabs-Signature", "v0=" + good.split("v0=")[1]).status())
                .as("no timestamp").isEqualTo(401);
        assertThat(client.post(el.path(), bytes, "ElevenLabs-Signature", "t=" + (t + 1) + ",v0=" + good.split("v0=")[1]).status())
                .as("timestamp is signed").isEqualTo(401);
        assertThat(client.post(el.path(), (b + " ").getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature", good).status())
                .as("body is signed").isEqualTo(401);
        assertThat(client.post(el.path(), bytes).status()).as("no header").isEqualTo(401);
    }

    @Test
    void staleAndFutureTimestampsAre400() throws Exception {
        String b = body("conv-z");
        byte[] key = el.secret().getBytes(StandardCharsets.UTF_8);
        assertThat(client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature",
                elevenLabsHeader(key, now() - 20 * 60, b)).status()).isEqualTo(400);
        assertThat(client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature",
                elevenLabsHeader(key, now() + 20 * 60, b)).status()).isEqualTo(400);
    }

    @Test
    void theSameSignedDeliveryTwiceIsAReplay() throws Exception {
        String b = body("conv-" + UUID.randomUUID());
        String header = elevenLabsHeader(el.secret().getBytes(StandardCharsets.UTF_8), now(), b);
        assertThat(client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature", header).status())
                .isEqualTo(200);
        assertThat(client.post(el.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature", header).status())
                .isEqualTo(409);
    }

    @Test
    void theElevenLabsHeaderIsNotAcceptedOnOtherProvidersEndpoints() throws Exception {
        String b = body("conv-v");
        assertThat(client.post(vapi.path(), b.getBytes(StandardCharsets.UTF_8), "ElevenLabs-Signature",
                elevenLabsHeader(vapi.secret().getBytes(StandardCharsets.UTF_8), now(), b)).status()).isEqualTo(401);
    }

    @Test
    void standardWebhooksSignaturesWorkOnElevenLabsEndpointsToo() {
        assertThat(client.deliver(el, msgId(), body("conv-s")).status()).isEqualTo(200);
    }
}
