package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static com.leadignite.webhooks.WebhookTestClient.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.receive.SignatureVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The public receiver: the order of its checks and their status codes, replay, durability, tenancy. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookReceiverTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    MeterRegistry meters;
    @Autowired
    com.leadignite.audit.AuditWriter writer;

    UUID org;
    UUID otherOrg;
    WebhookTestClient client;
    WebhookTestClient.Endpoint vapi;
    WebhookTestClient.Endpoint ghl;

    @BeforeAll
    void setUp() {
        client = new WebhookTestClient(new Http(port));
        org = fixtures.createOrg("receiver");
        otherOrg = fixtures.createOrg("receiver-other");
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        vapi = client.register(admin, "vapi");
        ghl = client.register(admin, "ghl");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
        fixtures.deleteOrg(otherOrg);
    }

    // ---- 404 -----------------------------------------------------------------------------------

    @Test
    void unknownEndpointIs404AndAuditedWithoutAnOrg() {
        writer.flushRejections(java.time.Instant.MAX); // a new repeat window, so this one gets its own row
        UUID unknown = UUID.randomUUID();
        var e = new WebhookTestClient.Endpoint(unknown, "vapi", null, vapi.secret());
        assertThat(client.deliver(e, msgId(), event("call.ended", "{}")).status()).isEqualTo(404);
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events where entity_id = ? and action = 'webhook_rejected'
                   and org_id is null and outcome = 'denied' and details->>'reason' = 'unknown_endpoint'""",
                unknown.toString())).isEqualTo(1);
    }

    @Test
    void providerMismatchIs404EvenWithAValidSignature() {
        var wrongProvider = new WebhookTestClient.Endpoint(vapi.id(), "ghl", null, vapi.secret());
        assertThat(client.deliver(wrongProvider, msgId(), event("call.ended", "{}")).status()).isEqualTo(404);
        var unknownProvider = new WebhookTestClient.Endpoint(vapi.id(), "twilio", null, vapi.secret());
        assertThat(client.deliver(unknownProvider, msgId(), event("call.ended", "{}")).status()).isEqualTo(404);
    }

    @Test
    void nonUuidEndpointIs404() {
        assertThat(client.post("/webhooks/vapi/not-a-uuid", "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
    }

    // ---- 401 -----------------------------------------------------------------------------------

    @Test
    void missingSignatureHeadersAre401() {
        byte[] body = event("call.ended", "{}").getBytes(StandardCharsets.UTF_8);
        assertThat(client.post(vapi.path(), body).status()).isEqualTo(401);
        String id = msgId();
        long ts = now();
        String sig = SignatureVerifier.signStandard(vapi.secret(), id, ts, body);
        assertThat(client.post(vapi.path(), body, "webhook-timestamp", "" + ts, "webhook-signature", sig).status())
                .as("no webhook-id").isEqualTo(401);
        assertThat(client.post(vapi.path(), body, "webhook-id", id, "webhook-signature", sig).status())
                .as("no webhook-timestamp").isEqualTo(401);
        assertThat(client.post(vapi.path(), body, "webhook-id", id, "webhook-timestamp", "" + ts).status())
                .as("no webhook-signature").isEqualTo(401);
    }

    @Test
    void wrongSecretTamperedBodyAndForeignEndpointSecretAre401() {
        String body = event("call.ended", "{\"call_id\":\"c1\"}");
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(client.deliver(vapi, otherSecret, msgId(), now(), body).status()).isEqualTo(401);
        assertThat(client.deliver(vapi, ghl.secret(), msgId(), now(), body).status())
                .as("another endpoint's secret").isEqualTo(401);

        String id = msgId();
        long ts = now();
        String sig = SignatureVerifier.signStandard(vapi.secret(), id, ts, body.getBytes(StandardCharsets.UTF_8));
        byte[] tampered = body.replace("c1", "c2").getBytes(StandardCharsets.UTF_8);
        assertThat(client.post(vapi.path(), tampered, "webhook-id", id, "webhook-timestamp", "" + ts,
                "webhook-signature", sig).status()).isEqualTo(401);
        // the signature binds the id and the timestamp too
        assertThat(client.post(vapi.path(), body.getBytes(StandardCharsets.UTF_8), "webhook-id", id + "x",
                "webhook-timestamp", "" + ts, "webhook-signature", sig).status()).isEqualTo(401);
        assertThat(client.post(vapi.path(), body.getBytes(StandardCharsets.UTF_8), "webhook-id", id,
                "webhook-timestamp", "" + (ts - 1), "webhook-signature", sig).status()).isEqualTo(401);
    }

    @Test
    void onlyV1SignaturesCountAndAnyMatchingOneInTheListIsAccepted() {
        String body = event("something.unknown", "{}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String id = msgId();
        long ts = now();
        String good = SignatureVerifier.signStandard(vapi.secret(), id, ts, bytes);
        String mac = good.substring(3);
        assertThat(client.post(vapi.path(), bytes, "webhook-id", id, "webhook-timestamp", "" + ts,
                "webhook-signature", "v2," + mac).status()).as("right MAC under an unknown version").isEqualTo(401);
        assertThat(client.post(vapi.path(), bytes, "webhook-id", id, "webhook-timestamp", "" + ts,
                "webhook-signature", "v1a,AAAA v1,bm90IGl0 " + good + " v9,zzz").status()).isEqualTo(202);
    }

    @Test
    void badSignatureComesBeforeStaleTimestamp() {
        long stale = now() - 3600;
        assertThat(client.deliver(vapi, ghl.secret(), msgId(), stale, event("call.ended", "{}")).status()).isEqualTo(401);
    }

    @Test
    void signatureFailuresAreAuditedInTheEndpointsOrgWithoutSignatureOrSecretAndCounted() {
        double before = rejected("vapi", "invalid_signature");
        String id = msgId();
        assertThat(client.deliver(vapi, ghl.secret(), id, now(), event("call.ended", "{}")).status()).isEqualTo(401);
        var rows = WebhookDb.rows("""
                select org_id, outcome, entity_type, details::text as details from public.audit_events
                 where entity_id = ? and action = 'webhook_rejected' and details->>'reason' = 'invalid_signature'""",
                vapi.id().toString());
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("org_id")).isEqualTo(org);
            assertThat(r.get("outcome")).isEqualTo("denied");
            assertThat(r.get("entity_type")).isEqualTo("webhook_endpoint");
            assertThat((String) r.get("details")).doesNotContain("v1,").doesNotContain("whsec_")
                    .doesNotContain(vapi.secret().substring(6, 20));
        });
        assertThat(rejected("vapi", "invalid_signature")).isGreaterThan(before);
    }

    // ---- 400 -----------------------------------------------------------------------------------

    @Test
    void staleAndFutureTimestampsAre400() {
        assertThat(client.deliver(vapi, vapi.secret(), msgId(), now() - 301 - 5, event("call.ended", "{}")).status())
                .isEqualTo(400);
        assertThat(client.deliver(vapi, vapi.secret(), msgId(), now() + 301 + 5, event("call.ended", "{}")).status())
                .isEqualTo(400);
        assertThat(client.deliver(vapi, vapi.secret(), msgId(), now() - 240, event("x.unknown", "{}")).status())
                .as("inside the window").isEqualTo(202);
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events where entity_id = ? and action = 'webhook_rejected'
                   and org_id = ? and details->>'reason' in ('stale_timestamp', 'future_timestamp')""",
                vapi.id().toString(), org)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void staleTimestampComesBeforeReplay() {
        String id = msgId();
        assertThat(client.deliver(vapi, id, event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(client.deliver(vapi, vapi.secret(), id, now() - 3600, event("x.unknown", "{}")).status())
                .isEqualTo(400);
    }

    @Test
    void signedButMalformedJsonIsStoredAsSkippedNotRetried() {
        // The sender holds the secret: a 4xx would only make it send the same bytes again and again.
        String id = msgId();
        var r = client.deliver(vapi, id, "{\"type\":");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("status").asString()).isEqualTo("skipped");
        assertThat(WebhookDb.rows("select status, error from public.webhook_events where message_id = ?", id).get(0))
                .containsEntry("status", "skipped").containsEntry("error", "unusable_payload: malformed_json");
    }

    // ---- 409 -----------------------------------------------------------------------------------

    @Test
    void sequentialReplayIs409AndStoresOneEvent() {
        String id = msgId();
        String body = event("x.unknown", "{\"n\":1}");
        long ts = now();
        assertThat(client.deliver(vapi, vapi.secret(), id, ts, body).status()).isEqualTo(202);
        assertThat(client.deliver(vapi, vapi.secret(), id, ts, body).status()).isEqualTo(409);
        assertThat(client.deliver(vapi, vapi.secret(), id, now(), event("x.unknown", "{\"n\":2}")).status())
                .as("same id, new body and signature").isEqualTo(409);
        assertThat(WebhookDb.count("select count(*) from public.webhook_events where endpoint_id = ? and message_id = ?",
                vapi.id(), id)).isEqualTo(1);
        // Repeats from one address within the audit's repeat window are counted in one more row.
        writer.flushRejections(java.time.Instant.MAX);
        assertThat(WebhookDb.count("""
                select sum(coalesce((details->>'repeated')::int, 1)) from public.audit_events where entity_id = ?
                   and action = 'webhook_rejected' and org_id = ? and details->>'reason' = 'replay'""",
                vapi.id().toString(), org)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theSameMessageIdOnAnotherEndpointIsNotAReplay() {
        String id = msgId();
        assertThat(client.deliver(vapi, id, event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(client.deliver(ghl, id, event("x.unknown", "{}")).status()).isEqualTo(202);
    }

    @Test
    void twentyParallelCopiesYieldExactlyOneSuccessAndOneStoredEvent() throws Exception {
        String id = msgId();
        long ts = now();
        String body = event("call.ended", "{\"call_id\":\"parallel-1\",\"phone\":\"+15550000000\"}");
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return client.deliver(vapi, vapi.secret(), id, ts, body).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s >= 200 && s < 300).count()).as(statuses.toString()).isEqualTo(1);
            assertThat(statuses.stream().filter(s -> s == 409).count()).as(statuses.toString()).isEqualTo(n - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(WebhookDb.count("select count(*) from public.webhook_events where endpoint_id = ? and message_id = ?",
                vapi.id(), id)).isEqualTo(1);
    }

    // ---- 2xx: durable, lenient, tenant-safe ---------------------------------------------------

    @Test
    void knownTypeIs200AndStoredInTheEndpointsOrgWhateverThePayloadClaims() {
        String id = msgId();
        String body = event("call.ended", "{\"call_id\":\"tenancy-1\",\"org_id\":\"" + otherOrg
                + "\",\"phone\":\"+15550000001\"}");
        var r = client.deliver(vapi, id, body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("event_id").asString()).isNotBlank();
        var rows = WebhookDb.rows("select org_id, provider, event_type from public.webhook_events where message_id = ?", id);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("org_id")).isEqualTo(org);
        assertThat(rows.get(0).get("provider")).isEqualTo("vapi");
        assertThat(rows.get(0).get("event_type")).isEqualTo("call.ended");
        assertThat(WebhookDb.count("select count(*) from public.webhook_events where org_id = ?", otherOrg)).isZero();
    }

    @Test
    void unknownTypeIs202StoredAsTypeSizeAndExcerptAndIgnored() {
        String id = msgId();
        String body = "{\"type\":\"brand.new.thing\",\"data\":{\"surprise_field\":{\"nested\":[1,2,3]}},\"extra\":true}";
        var r = client.deliver(vapi, id, body);
        assertThat(r.status()).isEqualTo(202);
        var rows = WebhookDb.rows("""
                select status, processed_at is not null as done, payload->>'type' as type, payload->>'excerpt' as excerpt,
                       (payload->>'bytes')::int as bytes from public.webhook_events where message_id = ?""", id);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("status")).isEqualTo("ignored");
        assertThat(rows.get(0).get("done")).isEqualTo(true);
        assertThat(rows.get(0).get("type")).isEqualTo("brand.new.thing");
        assertThat(rows.get(0).get("excerpt")).isEqualTo(body);
        assertThat(rows.get(0).get("bytes")).isEqualTo(body.length());
    }

    @Test
    void handledTypesAreStoredWholeWithUnknownFieldsKept() {
        String id = msgId();
        String body = "{\"type\":\"test.probe\",\"data\":{\"surprise_field\":{\"nested\":[1,2,3]}},\"extra\":true}";
        assertThat(client.deliver(vapi, id, body).status()).isEqualTo(200);
        var rows = WebhookDb.rows("""
                select payload->'data'->'surprise_field'->'nested'->>2 as kept, payload->>'extra' as extra
                  from public.webhook_events where message_id = ?""", id);
        assertThat(rows.get(0).get("kept")).isEqualTo("3");
        assertThat(rows.get(0).get("extra")).isEqualTo("true");
    }

    @Test
    void bodiesOverOneMebibyteAre413AndBodiesAtTheLimitPass() {
        int limit = 1024 * 1024;
        String prefix = "{\"type\":\"x.unknown\",\"pad\":\"";
        String suffix = "\"}";
        String atLimit = prefix + "a".repeat(limit - prefix.length() - suffix.length()) + suffix;
        assertThat(atLimit.length()).isEqualTo(limit);
        assertThat(client.deliver(vapi, msgId(), atLimit).status()).isEqualTo(202);
        String over = prefix + "a".repeat(limit - prefix.length() - suffix.length() + 1) + suffix;
        assertThat(client.deliver(vapi, msgId(), over).status()).isEqualTo(413);
    }

    @Test
    void aDeletedEndpointStopsReceiving() {
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        WebhookTestClient.Endpoint e = client.register(admin, "ghl");
        assertThat(client.deliver(e, msgId(), event("x.unknown", "{}")).status()).isEqualTo(202);
        assertThat(new Http(port).delete("/api/v1/webhook-endpoints/" + e.id(), "Authorization", admin.bearer()).status())
                .isEqualTo(204);
        assertThat(client.deliver(e, msgId(), event("x.unknown", "{}")).status()).isEqualTo(404);
    }

    private double rejected(String provider, String reason) {
        var c = meters.find("leadignite.webhooks.rejected").tag("provider", provider).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
