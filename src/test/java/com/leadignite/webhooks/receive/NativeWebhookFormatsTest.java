package com.leadignite.webhooks.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.integrations.StandInProviders;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provider-native signatures on their own provider's endpoints (API.md §5): Vapi's HMAC plan defaults,
 * GoHighLevel's Ed25519 {@code X-GHL-Signature} and legacy RSA {@code x-wh-signature} with HighLevel's
 * keys (the test context configures the public halves), in the same order of checks and with the same
 * replay store as Standard Webhooks.
 */
class NativeWebhookFormatsTest extends TwoOrgTest {

    static final String LOCATION_A = "loc_NativeA";
    static final String LOCATION_B = "loc_NativeB";

    record Endpoint(String path, String secret) {
    }

    @BeforeEach
    void connectedLocations() {
        // The orgs' GoHighLevel integrations as the OAuth flow leaves them (the credential itself is not used here).
        Fixtures.exec("insert into public.integrations (org_id, provider, credential_enc, connected, account_id, connected_at) "
                + "values (?, 'ghl', '\\x00'::bytea, true, ?, now())", org, LOCATION_A);
        Fixtures.exec("insert into public.integrations (org_id, provider, credential_enc, connected, account_id, connected_at) "
                + "values (?, 'ghl', '\\x00'::bytea, true, ?, now())", otherOrg, LOCATION_B);
    }

    Endpoint register(Fixtures.TestUser who, String provider) {
        Http.Response r = http.post("/api/v1/webhook-endpoints", Map.of("provider", provider), "Authorization", who.bearer());
        assertThat(r.status()).isEqualTo(201);
        return new Endpoint("/webhooks/" + provider + "/" + r.json().get("id").asString(), r.json().get("secret").asString());
    }

    Http.Response post(String path, String body, String... headers) {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))), headers);
    }

    Http.Response vapi(Endpoint e, String secret, long timestamp, String body) {
        return post(e.path(), body, "x-timestamp", Long.toString(timestamp), "x-signature",
                SignatureVerifier.signVapi(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void vapiHmacPlanDefaultsVerifyAndReplaysAreRefused() {
        Endpoint e = register(admin, "vapi");
        long now = Instant.now().getEpochSecond();
        // a message type no handler takes (stored, ignored: 202)
        String body = "{\"message\":{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\"}}";
        assertThat(vapi(e, e.secret(), now, body).status()).isEqualTo(202);
        assertThat(vapi(e, e.secret(), now, body).status()).as("the same delivery again").isEqualTo(409);
        assertThat(vapi(e, e.secret(), now * 1000 + 123, body).status()).as("milliseconds").isEqualTo(202);
        assertThat(vapi(e, e.secret(), now - 3600, body).status()).as("stale").isEqualTo(400);
        assertThat(vapi(e, e.secret(), now + 3600, body).status()).as("future").isEqualTo(400);
        assertThat(vapi(e, "whsec_not_the_secret", now + 1, body).status()).isEqualTo(401);
        assertThat(post(e.path(), body, "x-timestamp", Long.toString(now + 2), "x-signature",
                SignatureVerifier.signVapi(e.secret(), now + 3, body.getBytes(StandardCharsets.UTF_8))).status())
                .as("signature over another timestamp").isEqualTo(401);
        assertThat(post(e.path(), body, "x-timestamp", "12e3", "x-signature", "zz").status()).isEqualTo(401);
        // Vapi's format is Vapi's only
        Endpoint eleven = register(admin, "elevenlabs");
        assertThat(vapi(eleven, eleven.secret(), now, body).status()).isEqualTo(401);
        // an unknown endpoint is still a 404 before any signature
        assertThat(vapi(new Endpoint("/webhooks/vapi/" + UUID.randomUUID(), e.secret()), e.secret(), now, body).status()).isEqualTo(404);
    }

    @Test
    void vapiCallEndedReportsAreProcessed() {
        Endpoint e = register(admin, "vapi");
        Fixtures.exec("insert into public.leads (org_id, first_name, phone) values (?, 'Vee', '+15550400001')", org);
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + "\"durationSeconds\":31,\"call\":{\"id\":\"vapi_call_native_1\",\"type\":\"outboundPhoneCall\","
                + "\"customer\":{\"number\":\"+15550400001\"}}}}";
        assertThat(vapi(e, e.secret(), Instant.now().getEpochSecond(), body).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from public.calls where org_id = ? and external_id = 'vapi_call_native_1' and duration_seconds = 31") == 1);
    }

    String ghlBody(String webhookId, String location, Instant at, String contactId) {
        return "{\"type\":\"ContactCreate\",\"webhookId\":\"" + webhookId + "\",\"timestamp\":\"" + at + "\",\"locationId\":\""
                + location + "\",\"id\":\"" + contactId + "\",\"firstName\":\"Gina\",\"phone\":\"+15550400002\",\"newField\":{\"x\":1}}";
    }

    static String sign(String algorithm, PrivateKey key, String body) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    Http.Response ghlEd(Endpoint e, String body) throws Exception {
        return post(e.path(), body, "X-GHL-Signature", sign("Ed25519", StandInProviders.GHL_ED25519.getPrivate(), body));
    }

    @Test
    void highLevelSignaturesVerifyForTheOrgOfTheirLocationOnly() throws Exception {
        Endpoint e = register(admin, "ghl");
        Endpoint other = register(otherAdmin, "ghl");
        String body = ghlBody("wh_" + UUID.randomUUID(), LOCATION_A, Instant.now(), "contact_native_1");

        assertThat(ghlEd(other, body).status()).as("org B's endpoint: not its location").isEqualTo(401);
        assertThat(ghlEd(e, body).status()).isEqualTo(200);
        assertThat(ghlEd(e, body).status()).as("same webhookId").isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from public.leads where org_id = ? and phone = '+15550400002'") == 1);
        assertThat(count("select count(*) from public.leads where org_id = ?", otherOrg)).isZero();

        // legacy RSA header
        String legacy = ghlBody("wh_" + UUID.randomUUID(), LOCATION_A, Instant.now(), "contact_native_2");
        assertThat(post(e.path(), legacy, "x-wh-signature", sign("SHA256withRSA", StandInProviders.GHL_RSA.getPrivate(), legacy))
                .status()).isEqualTo(200);
        // tampered, other key, stale, no id
        String fresh = ghlBody("wh_" + UUID.randomUUID(), LOCATION_A, Instant.now(), "contact_native_3");
        assertThat(post(e.path(), fresh.replace("Gina", "Gino"), "X-GHL-Signature",
                sign("Ed25519", StandInProviders.GHL_ED25519.getPrivate(), fresh)).status()).isEqualTo(401);
        var stranger = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(post(e.path(), fresh, "X-GHL-Signature", sign("Ed25519", stranger.getPrivate(), fresh)).status()).isEqualTo(401);
        assertThat(ghlEd(e, ghlBody("wh_" + UUID.randomUUID(), LOCATION_A, Instant.now().minusSeconds(3600), "c4")).status())
                .isEqualTo(400);
        assertThat(ghlEd(e, "{\"type\":\"ContactCreate\",\"locationId\":\"" + LOCATION_A + "\",\"timestamp\":\"" + Instant.now() + "\"}")
                .status()).isEqualTo(401);
        assertThat(ghlEd(e, "not json").status()).isEqualTo(401);
        assertThat(post(e.path(), fresh, "X-GHL-Signature", "%%%").status()).isEqualTo(401);
        // a disconnected integration stops them
        Fixtures.exec("delete from public.integrations where org_id = ?", org);
        assertThat(ghlEd(e, ghlBody("wh_" + UUID.randomUUID(), LOCATION_A, Instant.now(), "c5")).status()).isEqualTo(401);
        // Standard Webhooks still verify on a GHL endpoint
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long ts = Instant.now().getEpochSecond();
        byte[] std = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(http.send(http.request(e.path()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(std)), "webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", SignatureVerifier.signStandard(e.secret(), id, ts, std)).status()).isEqualTo(202);
    }

    private long count(String sql) {
        return count(sql, org);
    }

    private static long count(String sql, UUID orgId) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, orgId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
