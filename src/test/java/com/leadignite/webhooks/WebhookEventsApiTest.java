package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.leadignite.webhooks.process.SkippedEvents;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/webhook-endpoints/{id}/events}: what became of each delivery (processed, skipped
 * with its reason, failed after its attempts), for the endpoint's admins only, without payload bytes;
 * skipped events audited at most once per endpoint and window.
 */
class WebhookEventsApiTest extends TwoOrgTest {

    /** Marks in the payloads that must never come back in a listing. */
    private static final String SECRET_MARK = "PAYLOAD-MARK-7f3a";

    @Autowired
    WebhookEventWorker worker;

    WebhookTestClient client;

    @BeforeEach
    void setUp() {
        client = new WebhookTestClient(http);
    }

    private UUID deliver(WebhookTestClient.Endpoint e, String body, int expectedStatus) {
        Http.Response r = client.deliver(e, msgId(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(expectedStatus);
        return UUID.fromString(r.json().get("event_id").asString());
    }

    private static String status(UUID eventId) {
        return String.valueOf(WebhookDb.rows("select status from public.webhook_events where id = ?", eventId)
                .get(0).get("status"));
    }

    private static void awaitStatus(UUID eventId, String expected) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(eventId)).as("event %s", eventId).isEqualTo(expected));
    }

    private long skipAudits() {
        return WebhookDb.count("select count(*) from public.audit_events where org_id = ? and action = 'webhook_skipped'", org);
    }

    private static boolean logged(ListAppender<ILoggingEvent> appender, UUID id) {
        synchronized (appender) {
            return appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(id.toString()));
        }
    }

    private Http.Response list(Fixtures.TestUser who, UUID endpoint, String query) {
        return http.get("/api/v1/webhook-endpoints/" + endpoint + "/events" + query, "Authorization", who.bearer());
    }

    private static JsonNode item(JsonNode page, UUID id) {
        for (JsonNode n : page.get("items")) {
            if (n.get("id").asString().equals(id.toString())) {
                return n;
            }
        }
        throw new AssertionError("event " + id + " not listed: " + page);
    }

    @Test
    void listsProcessedSkippedAndFailedEventsWithReasonsAndNoPayload() throws Exception {
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        UUID processed = deliver(vapi, event("test.probe", "{\"note\":\"" + SECRET_MARK + "\"}"), 200);
        awaitStatus(processed, "processed");
        UUID skippedOnArrival = deliver(vapi, "{\"type\":\"call.ended\",\"note\":\"" + SECRET_MARK + "\"", 202);
        UUID skippedByHandler = deliver(vapi, event("call.ended", "{\"note\":\"" + SECRET_MARK + "\"}"), 200);
        awaitStatus(skippedByHandler, "skipped");
        UUID failing = deliver(vapi, event("test.probe", "{\"fail_times\":1000,\"note\":\"" + SECRET_MARK + "\"}"), 200);
        // Every attempt by hand (the worker's backoff would take minutes); bounded by the attempt count.
        for (int i = 0; i < 10 && !"failed".equals(status(failing)); i++) {
            worker.process(failing, org);
        }
        assertThat(status(failing)).isEqualTo("failed");

        Http.Response r = list(admin, vapi.id(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(SECRET_MARK).doesNotContain("\"payload\"").doesNotContain("excerpt")
                .doesNotContain("whsec_");
        JsonNode page = r.json();
        assertThat(page.get("total").asLong()).isEqualTo(4);

        JsonNode p = item(page, processed);
        assertThat(p.get("status").asString()).isEqualTo("processed");
        assertThat(p.get("provider").asString()).isEqualTo("vapi");
        assertThat(p.get("event_type").asString()).isEqualTo("test.probe");
        assertThat(p.get("message_id").asString()).startsWith("msg_");
        assertThat(p.get("received_at").isNull()).isFalse();
        assertThat(p.get("processed_at").isNull()).isFalse();
        assertThat(p.get("attempts").asInt()).isEqualTo(1);
        assertThat(p.get("stored_bytes").asInt()).isPositive();
        assertThat(p.get("reason").isNull()).isTrue();

        JsonNode a = item(page, skippedOnArrival);
        assertThat(a.get("status").asString()).isEqualTo("skipped");
        assertThat(a.get("reason").asString()).isEqualTo("unusable_payload: malformed_json");
        JsonNode h = item(page, skippedByHandler);
        assertThat(h.get("status").asString()).isEqualTo("skipped");
        assertThat(h.get("reason").asString()).isEqualTo("missing_call_id");
        JsonNode f = item(page, failing);
        assertThat(f.get("status").asString()).isEqualTo("failed");
        assertThat(f.get("reason").asString()).isEqualTo("processing_failed");
        assertThat(f.get("attempts").asInt()).isEqualTo(5);

        // Newest first by default; the status filter narrows.
        List<String> order = new ArrayList<>();
        page.get("items").forEach(n -> order.add(n.get("id").asString()));
        assertThat(order).containsExactly(failing.toString(), skippedByHandler.toString(), skippedOnArrival.toString(),
                processed.toString());
        JsonNode onlySkipped = list(admin, vapi.id(), "?status=skipped").json();
        assertThat(onlySkipped.get("total").asLong()).isEqualTo(2);
        onlySkipped.get("items").forEach(n -> assertThat(n.get("status").asString()).isEqualTo("skipped"));
        JsonNode oldestFirst = list(admin, vapi.id(), "?sort=received_at,asc&size=1&page=0").json();
        assertThat(oldestFirst.get("items")).hasSize(1);
        assertThat(oldestFirst.get("items").get(0).get("id").asString()).isEqualTo(processed.toString());
    }

    @Test
    void anotherOrgsUnknownDeletedOrMalformedEndpointIsTheSameAuditedNotFound() {
        WebhookTestClient.Endpoint mine = client.register(admin, "vapi");
        deliver(mine, event("test.probe", "{}"), 200);
        WebhookTestClient.Endpoint deleted = client.register(admin, "ghl");
        assertThat(http.delete("/api/v1/webhook-endpoints/" + deleted.id(), "Authorization", admin.bearer()).status())
                .isEqualTo(204);

        Http.Response foreign = list(otherAdmin, mine.id(), "");
        Http.Response unknown = list(otherAdmin, UUID.randomUUID(), "");
        Http.Response gone = list(admin, deleted.id(), "");
        Http.Response malformed = http.get("/api/v1/webhook-endpoints/not-a-uuid/events", "Authorization", admin.bearer());
        for (Http.Response r : List.of(foreign, unknown, gone, malformed)) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        for (String field : List.of("type", "title", "detail")) {
            assertThat(foreign.json().get(field)).isEqualTo(unknown.json().get(field));
        }
        assertThat(foreign.body()).doesNotContain("test.probe").doesNotContain("items");
        assertThat(WebhookDb.count("""
                select count(*) from public.audit_events
                 where org_id = ? and action = 'access_denied' and entity_type = 'webhook_endpoint'
                   and entity_id = ? and details->>'reason' = 'not_found'""", otherOrg, mine.id().toString()))
                .as("the cross-org probe is audited").isEqualTo(1);

        // Roles other than admin never see an endpoint's events.
        Http.Response agent = list(fixtures.user(org, "agent"), mine.id(), "");
        assertThat(agent.status()).isEqualTo(403);
    }

    @Test
    void badPagingSortAndStatusAreA400NamingTheParameter() {
        WebhookTestClient.Endpoint e = client.register(admin, "vapi");
        String[][] cases = {
                {"?status=done", "status"}, {"?status=SKIPPED", "status"}, {"?status=skipped%00", "status"},
                {"?page=-1", "page"}, {"?size=0", "size"}, {"?size=101", "size"}, {"?page=x", "page"},
                {"?sort=payload", "sort"}, {"?sort=received_at;drop", "sort"}};
        for (String[] c : cases) {
            Http.Response r = list(admin, e.id(), c[0]);
            assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c[0]).contains("\"" + c[1] + "\"");
        }
        assertThat(list(admin, e.id(), "?status=failed&page=3&size=100&sort=attempts,desc").status()).isEqualTo(200);
    }

    @Test
    void skippedEventsAreLoggedEachAndAuditedOncePerEndpointAndWindow() throws Exception {
        WebhookTestClient.Endpoint first = client.register(admin, "vapi");
        WebhookTestClient.Endpoint second = client.register(admin, "vapi");
        WebhookTestClient.Endpoint third = client.register(admin, "vapi");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = ctx.getLogger(SkippedEvents.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(ctx);
        appender.start();
        logger.addAppender(appender);
        List<UUID> skipped = new ArrayList<>();
        UUID byHandler;
        try {
            for (int i = 0; i < 5; i++) {
                skipped.add(deliver(first, "{\"broken\":\"" + SECRET_MARK + "\"", 202));
            }
            skipped.add(deliver(second, "{\"broken\":", 202));
            byHandler = deliver(third, event("call.ended", "{\"note\":\"" + SECRET_MARK + "\"}"), 200);
            awaitStatus(byHandler, "skipped");
            // The worker logs and audits a handler's skip after its transaction has committed, so a moment
            // after the status is visible.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        assertThat(skipAudits()).as("the handler's skip is audited").isGreaterThanOrEqualTo(3);
                        assertThat(logged(appender, byHandler)).as("the handler's skip is logged").isTrue();
                    });
        } finally {
            logger.detachAppender(appender);
        }
        List<String> lines;
        synchronized (appender) {
            lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
        assertThat(lines).as("every skip is logged").hasSizeGreaterThanOrEqualTo(7);
        for (UUID id : skipped) {
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(id.toString()).contains("malformed_json"));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(byHandler.toString()).contains("missing_call_id"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(SECRET_MARK));

        List<java.util.Map<String, Object>> rows = WebhookDb.rows("""
                select entity_id, outcome, details::text as details from public.audit_events
                 where org_id = ? and action = 'webhook_skipped' order by seq""", org);
        assertThat(rows).as("one row per endpoint within the window, not one per event").hasSize(3);
        assertThat(rows.get(0).get("entity_id")).isEqualTo(skipped.get(0).toString());
        assertThat(rows.get(0).get("outcome")).isEqualTo("failure");
        assertThat((String) rows.get(0).get("details")).contains("malformed_json").contains(first.id().toString());
        assertThat((String) rows.get(1).get("details")).contains(second.id().toString());
        assertThat(rows.get(2).get("entity_id")).isEqualTo(byHandler.toString());
        assertThat((String) rows.get(2).get("details")).contains("missing_call_id").contains(third.id().toString());
        rows.forEach(r -> assertThat((String) r.get("details")).doesNotContain(SECRET_MARK));
    }
}
