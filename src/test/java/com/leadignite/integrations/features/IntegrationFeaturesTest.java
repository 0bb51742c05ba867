package com.leadignite.integrations.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.StandInGhl;
import com.leadignite.integrations.StandInProviders;
import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the integrations are for, end to end against stand-in providers on loopback: publish an
 * assistant, dial a lead and see the call completed by the provider's {@code call.ended} webhook, import
 * GoHighLevel contacts twice without duplicates; and what each role and each org may do with them.
 */
class IntegrationFeaturesTest extends TwoOrgTest {

    static final String VAPI_KEY = "vapi_priv_features_5a5a";
    static final String ELEVEN_KEY = "sk_eleven_features_6b6b";
    /** {@code leadignite.integrations.vapi-phone-number-id} of the test profile. */
    static final String PHONE_NUMBER_ID = "pn_standin_0001";
    final StandInProviders standIn = StandInProviders.get();
    @Autowired
    OutboundClient outbound;

    @BeforeEach
    void providers() {
        standIn.reset();
        standIn.json("GET /vapi/assistant", 200, "[]");
        standIn.json("GET /elevenlabs/v1/user", 200, "{}");
    }

    @AfterEach
    void resetProviders() {
        standIn.reset();
        for (IntegrationProvider p : IntegrationProvider.values()) {
            outbound.breaker(p).reset();
        }
    }

    void storeKeys(Fixtures.TestUser who) {
        assertThat(http.put("/api/v1/integrations/vapi", Map.of("api_key", VAPI_KEY), "Authorization", who.bearer()).status())
                .isEqualTo(200);
        assertThat(http.put("/api/v1/integrations/elevenlabs", Map.of("api_key", ELEVEN_KEY), "Authorization", who.bearer())
                .status()).isEqualTo(200);
    }

    String assistant(String provider) {
        Http.Response r = http.post("/api/v1/assistants", Map.of("name", "Closer", "provider", provider,
                "voice_id", "voice_1", "system_prompt", "Be brief."), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    String lead(String phone, UUID assignedAgent) {
        Http.Response r = http.post("/api/v1/leads", Map.of("first_name", "Ada", "phone", phone), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asString();
        if (assignedAgent != null) {
            assertThat(http.post("/api/v1/leads/" + id + "/assign", Map.of("agent_id", assignedAgent.toString()),
                    "Authorization", admin.bearer()).status()).isEqualTo(200);
        }
        return id;
    }

    String published(String assistantId) {
        AtomicInteger n = new AtomicInteger();
        standIn.on("POST /vapi/assistant", (r, ex) -> StandInProviders.send(ex, 201,
                "{\"id\":\"asst_" + n.incrementAndGet() + "\",\"name\":\"Closer\"}", Map.of()));
        Http.Response r = http.post("/api/v1/assistants/" + assistantId + "/publish", null, "Authorization", admin.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("external_id").asString();
    }

    @Test
    void publishCreatesTheAssistantAtItsProviderThenUpdatesIt() {
        storeKeys(admin);
        String vapiAssistant = assistant("vapi");
        assertThat(published(vapiAssistant)).isEqualTo("asst_1");
        StandInProviders.Received created = standIn.received("POST /vapi/assistant").get(0);
        assertThat(created.header("Authorization")).isEqualTo("Bearer " + VAPI_KEY);
        assertThat(created.body()).contains("\"name\":\"Closer\"").contains("Be brief.").contains("voice_1");

        standIn.json("PATCH /vapi/assistant/asst_1", 200, "{\"id\":\"asst_1\"}");
        Http.Response again = http.post("/api/v1/assistants/" + vapiAssistant + "/publish", null, "Authorization", admin.bearer());
        assertThat(again.status()).isEqualTo(200);
        assertThat(standIn.received("PATCH /vapi/assistant/asst_1")).hasSize(1);

        String elevenAssistant = assistant("elevenlabs");
        standIn.json("POST /elevenlabs/v1/convai/agents/create", 200, "{\"agent_id\":\"agent_77\"}");
        Http.Response el = http.post("/api/v1/assistants/" + elevenAssistant + "/publish", null, "Authorization", admin.bearer());
        assertThat(el.json().get("external_id").asString()).isEqualTo("agent_77");
        assertThat(standIn.received("POST /elevenlabs/v1/convai/agents/create").get(0).header("xi-api-key")).isEqualTo(ELEVEN_KEY);
        assertThat(audit(org)).contains("update assistant").contains("create_assistant").contains("create_agent");
    }

    @Test
    void publishingIsForAdminsAndAGarbageAnswerStoresNothing() {
        storeKeys(admin);
        String id = assistant("vapi");
        assertThat(http.post("/api/v1/assistants/" + id + "/publish", null, "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/assistants/" + id + "/publish", null, "Authorization", otherAdmin.bearer()).status()).isEqualTo(404);
        assertThat(standIn.received("POST /vapi/assistant")).isEmpty();
        standIn.json("POST /vapi/assistant", 200, "{\"id\":\"https://evil.example/x\"}");
        Http.Response r = http.post("/api/v1/assistants/" + id + "/publish", null, "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("type").asString()).endsWith("/provider-bad-answer");
        assertThat(r.body()).doesNotContain("evil");
        assertThat(http.get("/api/v1/assistants/" + id, "Authorization", admin.bearer()).json().get("external_id").isNull()).isTrue();
        // an external_id set by hand that is no provider id never reaches a provider URL
        assertThat(http.patch("/api/v1/assistants/" + id, Map.of("external_id", "../../admin"), "Authorization", admin.bearer())
                .status()).isEqualTo(200);
        assertThat(http.post("/api/v1/assistants/" + id + "/publish", null, "Authorization", admin.bearer()).status()).isEqualTo(409);
    }

    @Test
    void aDialIsQueuedAtVapiAndCompletedByItsCallEndedWebhook() throws Exception {
        storeKeys(admin);
        String assistantId = assistant("vapi");
        String externalAssistant = published(assistantId);
        String leadId = lead("+15550100001", agent.id());
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_9f8e7d\",\"status\":\"queued\",\"extra\":{\"kept\":true}}");

        Http.Response dialed = http.post("/api/v1/leads/" + leadId + "/dial", Map.of("assistant_id", assistantId),
                "Authorization", agent.bearer());
        assertThat(dialed.status()).as(dialed.body()).isEqualTo(201);
        assertThat(dialed.json().get("status").asString()).isEqualTo("queued");
        assertThat(dialed.json().get("provider_call_id").asString()).isEqualTo("call_9f8e7d");
        String callId = dialed.json().get("id").asString();
        assertThat(dialed.header("Location")).endsWith("/api/v1/calls/" + callId);
        StandInProviders.Received sent = standIn.received("POST /vapi/call").get(0);
        assertThat(sent.body()).contains("\"assistantId\":\"" + externalAssistant + "\"").contains("\"number\":\"+15550100001\"")
                .contains("\"phoneNumberId\":\"" + PHONE_NUMBER_ID + "\"");
        Http.Response queued = http.get("/api/v1/calls/" + callId, "Authorization", admin.bearer());
        assertThat(queued.json().get("status").asString()).isEqualTo("queued");
        assertThat(queued.json().get("external_id").asString()).isEqualTo("call_9f8e7d");

        // Vapi reports on the org's endpoint, signed with its HMAC plan defaults
        Http.Response endpoint = http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"), "Authorization", admin.bearer());
        String path = "/webhooks/vapi/" + endpoint.json().get("id").asString();
        String secret = endpoint.json().get("secret").asString();
        assertThat(vapiWebhook(path, secret, "{\"message\":{\"type\":\"status-update\",\"status\":\"in-progress\","
                + "\"call\":{\"id\":\"call_9f8e7d\"}}}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "in_progress".equals(status(callId)));

        String report = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + "\"durationSeconds\":42,\"summary\":\"Interested.\",\"call\":{\"id\":\"call_9f8e7d\",\"type\":\"outboundPhoneCall\"}}}";
        assertThat(vapiWebhook(path, secret, report).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(status(callId)));

        Http.Response call = http.get("/api/v1/calls/" + callId, "Authorization", agent.bearer());
        assertThat(call.json().get("status").asString()).isEqualTo("completed");
        assertThat(call.json().get("duration_seconds").asInt()).isEqualTo(42);
        assertThat(call.json().get("outcome").asString()).isEqualTo("answered");
        assertThat(call.json().get("summary").asString()).isEqualTo("Interested.");
        assertThat(call.json().get("direction").asString()).isEqualTo("outbound");
        Http.Response list = http.get("/api/v1/leads/" + leadId + "/calls", "Authorization", admin.bearer());
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("status").asString()).isEqualTo("completed");
        assertThat(count("select count(*) from public.calls where org_id = ?", org)).as("the same call, not a second one").isEqualTo(1);
        assertThat(audit(org)).contains("create call").contains("create_call").contains("in_progress").doesNotContain(VAPI_KEY);

        // a late status update never reopens an ended call
        assertThat(vapiWebhook(path, secret, "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\","
                + "\"call\":{\"id\":\"call_9f8e7d\"},\"n\":2}}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from public.webhook_events where org_id = ? and status <> 'pending'", org) == 3);
        assertThat(status(callId)).isEqualTo("completed");
    }

    @Test
    void aCallThatFailsAtTheProviderEndsFailedAndACallLoggedByHandIsCompleted() throws Exception {
        storeKeys(admin);
        String assistantId = assistant("vapi");
        published(assistantId);
        String leadId = lead("+15550100011", null);
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_fails\"}");
        String callId = http.post("/api/v1/leads/" + leadId + "/dial", Map.of("assistant_id", assistantId),
                "Authorization", admin.bearer()).json().get("id").asString();
        // another org's endpoint naming this org's call moves nothing: the org is the endpoint's
        Http.Response foreign = http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"), "Authorization",
                otherAdmin.bearer());
        assertThat(vapiWebhook("/webhooks/vapi/" + foreign.json().get("id").asString(), foreign.json().get("secret").asString(),
                "{\"message\":{\"type\":\"status-update\",\"status\":\"in-progress\",\"call\":{\"id\":\"call_fails\"}}}")
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from public.webhook_events where org_id = ? and status = 'skipped'", otherOrg) == 1);
        assertThat(status(callId)).isEqualTo("queued");

        Http.Response endpoint = http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"), "Authorization", admin.bearer());
        assertThat(vapiWebhook("/webhooks/vapi/" + endpoint.json().get("id").asString(), endpoint.json().get("secret").asString(),
                "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"pipeline-error-openai-llm-failed\","
                        + "\"call\":{\"id\":\"call_fails\"}}}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(status(callId)));
        assertThat(http.get("/api/v1/calls/" + callId, "Authorization", admin.bearer()).json().get("outcome").asString())
                .isEqualTo("failed");

        Map<String, Object> manual = Map.of("direction", "outbound", "started_at", "2026-01-05T10:00:00Z", "outcome", "answered");
        Http.Response logged = http.post("/api/v1/leads/" + leadId + "/calls", manual, "Authorization", admin.bearer());
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        assertThat(logged.json().get("status").asString()).isEqualTo("completed");
        // status is the server's: a client cannot set it
        Map<String, Object> withStatus = new java.util.HashMap<>(manual);
        withStatus.put("status", "queued");
        Http.Response refused = http.post("/api/v1/leads/" + leadId + "/calls", withStatus, "Authorization", admin.bearer());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("status");
    }

    @Test
    void aRetriedDialWithTheSameIdempotencyKeyPlacesOneCall() {
        storeKeys(admin);
        String assistantId = assistant("vapi");
        published(assistantId);
        String leadId = lead("+15550100012", agent.id());
        AtomicInteger n = new AtomicInteger();
        standIn.on("POST /vapi/call", (r, ex) -> StandInProviders.send(ex, 201,
                "{\"id\":\"call_idem_" + n.incrementAndGet() + "\"}", Map.of()));
        Map<String, String> body = Map.of("assistant_id", assistantId);
        String key = "dial-" + UUID.randomUUID();
        Http.Response first = http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", agent.bearer(),
                "Idempotency-Key", key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Http.Response again = http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", agent.bearer(),
                "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(n.get()).as("calls placed at Vapi").isEqualTo(1);
        assertThat(count("select count(*) from public.calls where org_id = ?", org)).isEqualTo(1);

        // the same key for another dial is refused, and places nothing
        String otherAssistant = assistant("vapi");
        published(otherAssistant);
        Http.Response reused = http.post("/api/v1/leads/" + leadId + "/dial", Map.of("assistant_id", otherAssistant),
                "Authorization", agent.bearer(), "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(n.get()).isEqualTo(1);

        // the stored answer goes only to who may dial the lead now: reassigned, the agent no longer sees it
        assertThat(http.post("/api/v1/leads/" + leadId + "/assign", Map.of("agent_id", agent2().id().toString()),
                "Authorization", admin.bearer()).status()).isEqualTo(200);
        Http.Response gone = http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", agent.bearer(),
                "Idempotency-Key", key);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).doesNotContain("call_idem_1");
        // another user's key of the same value is another key
        Http.Response admins = http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", admin.bearer(),
                "Idempotency-Key", key);
        assertThat(admins.status()).isEqualTo(201);
        assertThat(admins.header("Idempotent-Replayed")).isNull();
        assertThat(n.get()).isEqualTo(2);
        // a dial the provider refused does not keep the key: corrected, the retry goes through
        String key2 = "dial-" + UUID.randomUUID();
        standIn.json("POST /vapi/call", 400, "{\"message\":\"bad number\"}");
        assertThat(http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", admin.bearer(),
                "Idempotency-Key", key2).status()).isEqualTo(502);
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_after_fix\"}");
        Http.Response retried = http.post("/api/v1/leads/" + leadId + "/dial", body, "Authorization", admin.bearer(),
                "Idempotency-Key", key2);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().get("provider_call_id").asString()).isEqualTo("call_after_fix");
    }

    @Test
    void whoMayDialWhichLead() {
        storeKeys(admin);
        String assistantId = assistant("vapi");
        published(assistantId);
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_1\"}");
        String unassigned = lead("+15550100002", null);
        Map<String, String> body = Map.of("assistant_id", assistantId);
        assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", body, "Authorization", user.bearer()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", body, "Authorization", agent.bearer()).status()).isEqualTo(404);
        Http.Response own = http.post("/api/v1/leads", Map.of("first_name", "Own", "phone", "+15550100003"), "Authorization", agent.bearer());
        String ownLead = own.json().get("id").asString();
        assertThat(http.post("/api/v1/leads/" + ownLead + "/dial", body, "Authorization", agent.bearer()).status())
                .as("owned but not assigned").isEqualTo(403);
        assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", body, "Authorization", otherAdmin.bearer()).status()).isEqualTo(404);
        assertThat(http.post("/api/v1/leads/not-a-uuid/dial", body, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(standIn.received("POST /vapi/call")).isEmpty();
        // bad bodies
        for (Object bad : new Object[] {Map.of(), Map.of("assistant_id", "nope"), Map.of("assistant_id", 5),
                Map.of("assistant_id", assistantId, "phone", "+15550000000"), "[]"}) {
            assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", bad, "Authorization", admin.bearer()).status())
                    .as("%s", bad).isEqualTo(400);
        }
        // another org's assistant is not found
        assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", Map.of("assistant_id", UUID.randomUUID().toString()),
                "Authorization", admin.bearer()).status()).isEqualTo(404);
        String noPhone = http.post("/api/v1/leads", Map.of("first_name", "Mute"), "Authorization", admin.bearer()).json().get("id").asString();
        assertThat(http.post("/api/v1/leads/" + noPhone + "/dial", body, "Authorization", admin.bearer()).status()).isEqualTo(409);
        assertThat(standIn.received("POST /vapi/call")).isEmpty();
        assertThat(http.post("/api/v1/leads/" + unassigned + "/dial", body, "Authorization", admin.bearer()).status()).isEqualTo(201);
    }

    @Test
    void oneOrgsKeyIsNeverUsedForAnotherAndA401RevokesIt() {
        storeKeys(admin);
        // org B has an assistant that claims org A's provider id, but no key of its own
        Http.Response b = http.post("/api/v1/assistants", Map.of("name", "B", "provider", "vapi", "external_id", "asst_1"),
                "Authorization", otherAdmin.bearer());
        String bLead = http.post("/api/v1/leads", Map.of("first_name", "B", "phone", "+15550100009"), "Authorization",
                otherAdmin.bearer()).json().get("id").asString();
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_x\"}");
        Http.Response r = http.post("/api/v1/leads/" + bLead + "/dial", Map.of("assistant_id", b.json().get("id").asString()),
                "Authorization", otherAdmin.bearer());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("type").asString()).endsWith("/integration-not-connected");
        assertThat(standIn.received("POST /vapi/call")).isEmpty();

        String assistantId = assistant("vapi");
        published(assistantId);
        standIn.json("POST /vapi/call", 401, "{\"message\":\"Invalid Key\"}");
        Http.Response revoked = http.post("/api/v1/leads/" + lead("+15550100004", null) + "/dial",
                Map.of("assistant_id", assistantId), "Authorization", admin.bearer());
        assertThat(revoked.status()).isEqualTo(409);
        assertThat(revoked.json().get("type").asString()).endsWith("/integration-revoked");
        var vapi = http.get("/api/v1/integrations", "Authorization", admin.bearer()).json().get("items").get(1);
        assertThat(vapi.get("connected").asBoolean()).isFalse();
        assertThat(vapi.get("reason").asString()).isEqualTo("revoked");
    }

    @Test
    void aRateLimitedDialIsRetriedAndASlowProviderIsA503() {
        storeKeys(admin);
        String assistantId = assistant("vapi");
        published(assistantId);
        AtomicInteger n = new AtomicInteger();
        standIn.on("POST /vapi/call", (r, ex) -> StandInProviders.send(ex, n.incrementAndGet() == 1 ? 429 : 201,
                n.get() == 1 ? "{}" : "{\"id\":\"call_after_429\"}", Map.of("Retry-After", "0")));
        Http.Response r = http.post("/api/v1/leads/" + lead("+15550100005", null) + "/dial", Map.of("assistant_id", assistantId),
                "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("provider_call_id").asString()).isEqualTo("call_after_429");
        assertThat(n.get()).isEqualTo(2);

        standIn.json("POST /vapi/call", 503, "{}");
        Http.Response down = http.post("/api/v1/leads/" + lead("+15550100006", null) + "/dial", Map.of("assistant_id", assistantId),
                "Authorization", admin.bearer());
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isNotNull();
        assertThat(down.json().get("type").asString()).endsWith("/provider-unavailable");
    }

    @Test
    void importingContactsTwiceCreatesNoDuplicates() {
        StandInGhl ghl = new StandInGhl(standIn);
        connectGhl(ghl);
        List<String> page1 = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            page1.add(i == 7 ? "{\"id\":\"c_nofirst\",\"lastName\":\"Only\"}"
                    : i == 8 ? "{\"id\":\"bad id/..\",\"firstName\":\"Evil\"}"
                    : "{\"id\":\"c_" + i + "\",\"firstName\":\"First" + i + "\",\"lastName\":\"L\",\"email\":\""
                    + (i == 9 ? "not-an-email" : "c" + i + "@example.test") + "\",\"phone\":\"+1 (555) 020-" + String.format("%04d", i)
                    + "\",\"companyName\":\"Co\",\"customFields\":[]}");
        }
        String p1 = "{\"contacts\":[" + String.join(",", page1) + "],\"meta\":{\"total\":103,\"startAfterId\":\"c_99\","
                + "\"startAfter\":1700000000000,\"nextPageUrl\":\"" + standIn.internalUrl() + "\"}}";
        String p2 = "{\"contacts\":[{\"id\":\"c_100\",\"firstName\":\"Last\",\"phone\":\"0015550300000\"},"
                + "{\"id\":\"c_101\",\"firstName\":\"Z\"},{\"id\":\"c_102\",\"firstName\":\"Y\",\"phone\":\"12\"}],\"meta\":{\"total\":103}}";
        standIn.on("GET /ghl/contacts", (r, ex) -> StandInProviders.send(ex, ghl.validAccessToken(r.header("Authorization")) ? 200 : 401,
                r.query().containsKey("startAfterId") ? p2 : p1, Map.of()));

        Http.Response first = http.post("/api/v1/integrations/ghl/import", null, "Authorization", admin.bearer());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("imported").asInt()).isEqualTo(101);
        assertThat(first.json().get("skipped").asInt()).isEqualTo(2);
        assertThat(first.json().get("updated").asInt()).isZero();
        assertThat(first.json().get("complete").asBoolean()).isTrue();
        List<StandInProviders.Received> pages = standIn.received("GET /ghl/contacts");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).query()).containsEntry("locationId", StandInGhl.LOCATION).containsEntry("limit", "100");
        assertThat(pages.get(1).query()).containsEntry("startAfterId", "c_99").containsEntry("startAfter", "1700000000000");
        assertThat(pages.get(0).header("Version")).isEqualTo("2021-07-28");
        assertThat(standIn.internalHits()).as("nextPageUrl is never followed").isZero();
        assertThat(count("select count(*) from public.leads where org_id = ? and source = 'ghl'", org)).isEqualTo(101);
        assertThat(count("select count(*) from public.leads where org_id = ? and phone = '+15550200003'", org)).isEqualTo(1);
        assertThat(count("select count(*) from public.leads where org_id = ? and phone = '+15550300000'", org)).isEqualTo(1);
        assertThat(count("select count(*) from public.leads where org_id = ? and first_name = 'First9' and email is null", org)).isEqualTo(1);

        Http.Response second = http.post("/api/v1/integrations/ghl/import", null, "Authorization", admin.bearer());
        assertThat(second.json().get("imported").asInt()).isZero();
        assertThat(second.json().get("updated").asInt()).isZero();
        assertThat(second.json().get("unchanged").asInt()).isEqualTo(101);
        assertThat(count("select count(*) from public.leads where org_id = ?", org)).isEqualTo(101);

        assertThat(http.post("/api/v1/integrations/ghl/import", null, "Authorization", agent.bearer()).status()).isEqualTo(403);
        Http.Response other = http.post("/api/v1/integrations/ghl/import", null, "Authorization", otherAdmin.bearer());
        assertThat(other.status()).isEqualTo(409);
        assertThat(count("select count(*) from public.leads where org_id = ?", otherOrg)).isZero();
    }

    private void connectGhl(StandInGhl ghl) {
        Http.Response c = http.post("/api/v1/integrations/ghl/connect", null, "Authorization", admin.bearer());
        URI url = URI.create(c.json().get("authorization_url").asString());
        String state = StandInProviders.parse(url.getRawQuery()).get("state");
        Http.Response done = http.get("/api/v1/integrations/ghl/callback?code=" + URLEncoder.encode(ghl.approve(url),
                StandardCharsets.UTF_8) + "&state=" + state, "Authorization", admin.bearer());
        assertThat(done.status()).isEqualTo(200);
    }

    /** A delivery signed as Vapi's HMAC plan does by default: hex HMAC-SHA256 of "{timestamp}.{body}". */
    Http.Response vapiWebhook(String path, String secret, String body) throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        return http.send(http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), "x-timestamp", ts, "x-signature", signature);
    }

    private static String status(String callId) {
        return Fixtures.single(String.class, "select status from public.calls where id = ?", UUID.fromString(callId));
    }

    private static long count(String sql, UUID orgId) {
        return Fixtures.single(Long.class, sql, orgId);
    }

    static String audit(UUID orgId) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(string_agg(action || ' ' || entity_type || ' ' || details::text, E'\\n'), '') from public.audit_events where org_id = ?")) {
            ps.setObject(1, orgId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
