package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * call.ended and lead.created applied to the CRM tables under the {@code service_webhook} policies:
 * provider values pass the API's field rules (invalid ones are dropped, never stored and never a
 * retry loop), rows satisfy the schema's constraints and guards, every change is audited, and handling
 * the same report again changes nothing.
 */
class WebhookProcessingTest extends TwoOrgTest {

    @Autowired
    WebhookEventWorker worker;

    WebhookTestClient client;

    @BeforeEach
    void setUp() {
        client = new WebhookTestClient(http);
    }

    /** A lead as the API stores it: the phone in E.164 (the schema refuses anything else). */
    private UUID lead(UUID orgId, UUID owner, String phone) {
        UUID id = UUID.randomUUID();
        Fixtures.exec("""
                insert into public.leads (id, org_id, owner_id, first_name, last_name, email, phone, status, source)
                values (?, ?, ?, 'Ada', 'Lovelace', ?, ?, 'new', 'manual')""",
                id, orgId, owner, "ada-" + id.toString().substring(0, 8) + "@example.test", phone);
        return id;
    }

    private UUID deliverAndAwait(WebhookTestClient.Endpoint e, String body) throws InterruptedException {
        var r = client.deliver(e, msgId(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        UUID eventId = UUID.fromString(r.json().get("event_id").asString());
        await("event " + eventId + " leaves pending").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"pending".equals(eventRow(eventId).get("status")));
        return eventId;
    }

    private UUID deliverAndExpect(WebhookTestClient.Endpoint e, String body, String status) throws InterruptedException {
        UUID eventId = deliverAndAwait(e, body);
        assertThat(eventRow(eventId).get("status")).as(String.valueOf(eventRow(eventId).get("error"))).isEqualTo(status);
        return eventId;
    }

    private static Map<String, Object> eventRow(UUID eventId) {
        return WebhookDb.rows("select status, error from public.webhook_events where id = ?", eventId).get(0);
    }

    private static List<Map<String, Object>> calls(UUID orgId, String externalId) {
        return WebhookDb.rows("""
                select id, org_id, lead_id, created_by, direction, started_at, duration_seconds, outcome, summary,
                       recording_url
                  from public.calls where org_id = ? and external_id = ?""", orgId, externalId);
    }

    private static List<Map<String, Object>> audits(UUID orgId, String entityType, Object entityId) {
        return WebhookDb.rows("""
                select actor_id, action, outcome, details->>'source' as source, details->>'provider' as provider,
                       details::text as details
                  from public.audit_events where org_id = ? and entity_type = ? and entity_id = ? order by seq""",
                orgId, entityType, entityId.toString());
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }

    private void reprocess(UUID eventId) {
        Fixtures.exec("update public.webhook_events set status = 'pending', processed_at = null where id = ?", eventId);
        worker.process(eventId, org);
        assertThat(eventRow(eventId).get("status")).isEqualTo("processed");
    }

    @Test
    void callEndedCreatesOneAuditedCallOnTheLeadMatchedByPhoneAndRepeatsChangeNothing() throws Exception {
        UUID leadId = lead(org, admin.id(), "+15550104242");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String externalId = "call-" + UUID.randomUUID();
        // The provider writes the number with separators; the org named in the payload is not the endpoint's.
        String body = event("call.ended", """
                {"call_id":"%s","phone":"+1 (555) 010-4242","direction":"outbound","duration_seconds":93,
                 "outcome":"answered","summary":"Booked a demo","recording_url":"https://rec.example/1.mp3",
                 "org_id":"%s","brand_new_field":{"x":1}}""".formatted(externalId, otherOrg));
        UUID eventId = deliverAndExpect(vapi, body, "processed");

        List<Map<String, Object>> rows = calls(org, externalId);
        assertThat(rows).hasSize(1);
        Map<String, Object> call = rows.get(0);
        assertThat(call.get("lead_id")).isEqualTo(leadId);
        assertThat(call.get("created_by")).as("reported by a provider, not by a user").isNull();
        assertThat(call.get("direction")).isEqualTo("outbound");
        assertThat(((Number) call.get("duration_seconds")).intValue()).isEqualTo(93);
        assertThat(call.get("outcome")).isEqualTo("answered");
        assertThat(call.get("summary")).isEqualTo("Booked a demo");
        assertThat(call.get("recording_url")).isEqualTo("https://rec.example/1.mp3");
        assertThat(WebhookDb.count("select count(*) from public.calls where org_id = ?", otherOrg))
                .as("the org named in the payload got nothing").isZero();

        var audit = audits(org, "call", call.get("id"));
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action")).isEqualTo("create");
        assertThat(audit.get(0).get("actor_id")).isNull();
        assertThat(audit.get(0).get("outcome")).isEqualTo("success");
        assertThat(audit.get(0).get("source")).isEqualTo("webhook");
        assertThat(audit.get(0).get("provider")).isEqualTo("vapi");
        assertThat((String) audit.get(0).get("details")).contains(leadId.toString()).doesNotContain("Booked a demo");

        // the same call reported again (new message id) and the same event handled again: nothing changes
        deliverAndExpect(vapi, body, "processed");
        reprocess(eventId);
        assertThat(calls(org, externalId)).containsExactly(call);
        assertThat(audits(org, "call", call.get("id"))).as("no change, no audit row").hasSize(1);
    }

    @Test
    void vapiEndOfCallReportShapeIsUnderstood() throws Exception {
        UUID leadId = lead(org, admin.id(), "+15550107777");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "vapi-" + UUID.randomUUID();
        String body = """
                {"message":{"type":"end-of-call-report","endedReason":"customer-ended-call",
                 "startedAt":"2026-01-05T10:00:00.123456789Z",
                 "call":{"id":"%s","type":"inboundPhoneCall","customer":{"number":"+15550107777"}},
                 "durationSeconds":41.6,"summary":"Asked about pricing",
                 "artifact":{"recordingUrl":"javascript:alert(1)"}}}""".formatted(callId);
        UUID eventId = deliverAndExpect(vapi, body, "processed");
        List<Map<String, Object>> rows = calls(org, callId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("lead_id")).isEqualTo(leadId);
        assertThat(rows.get(0).get("direction")).isEqualTo("inbound");
        assertThat(rows.get(0).get("outcome")).isEqualTo("answered");
        assertThat(((Number) rows.get(0).get("duration_seconds")).intValue()).isEqualTo(42);
        assertThat(instant(rows.get(0).get("started_at")))
                .isEqualTo(Instant.parse("2026-01-05T10:00:00.123456Z"));
        assertThat(rows.get(0).get("recording_url")).as("only https URLs are kept").isNull();
        assertThat((String) audits(org, "call", rows.get(0).get("id")).get(0).get("details")).contains("recording_url");

        // nanoseconds the database cannot keep do not make a repeat look like a change
        reprocess(eventId);
        assertThat(calls(org, callId)).containsExactlyElementsOf(rows);
        assertThat(audits(org, "call", rows.get(0).get("id"))).hasSize(1);
    }

    @Test
    void invalidProviderValuesAreDroppedAndTheCallIsStillRecorded() throws Exception {
        UUID leadId = lead(org, admin.id(), "+15550106666");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        UUID eventId = deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550106666","direction":"sideways","duration_seconds":-5,
                 "outcome":"exploded","summary":"ring\\u0007ring","recording_url":"http://rec.example/plain.mp3",
                 "started_at":"1999-12-31T23:59:59Z"}""".formatted(callId)), "processed");
        var rows = calls(org, callId);
        assertThat(rows).hasSize(1);
        Map<String, Object> call = rows.get(0);
        assertThat(call.get("lead_id")).isEqualTo(leadId);
        assertThat(call.get("direction")).isEqualTo("inbound");
        assertThat(call.get("duration_seconds")).isNull();
        assertThat(call.get("outcome")).isNull();
        assertThat(call.get("summary")).isNull();
        assertThat(call.get("recording_url")).isNull();
        assertThat(instant(call.get("started_at")))
                .as("the arrival time stands in for a start before 2000")
                .isEqualTo(instant(WebhookDb.rows("select received_at from public.webhook_events where id = ?",
                        eventId).get(0).get("received_at")));
        assertThat((String) audits(org, "call", call.get("id")).get(0).get("details"))
                .contains("\"dropped_fields\"", "direction", "duration_seconds", "outcome", "summary", "recording_url",
                        "started_at")
                .doesNotContain("sideways", "exploded", "http://rec.example");

        // a start more than a day ahead is refused like the API refuses it
        String future = "call-" + UUID.randomUUID();
        deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550106666","started_at":"%s"}"""
                .formatted(future, Instant.now().plus(Duration.ofDays(3)))), "processed");
        assertThat(instant(calls(org, future).get(0).get("started_at")))
                .isBefore(Instant.now().plus(Duration.ofHours(1)));
    }

    @Test
    void aStartOutsideLongIsDroppedAndTheRestOfTheReportApplied() throws Exception {
        lead(org, admin.id(), "+15550106677");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        UUID eventId = deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550106677","started_at":1e30,"duration_seconds":61,
                 "outcome":"answered","summary":"Booked a demo"}""".formatted(callId)), "processed");
        assertThat(WebhookDb.count("select attempts from public.webhook_events where id = ?", eventId)).isEqualTo(1);
        Map<String, Object> call = calls(org, callId).get(0);
        assertThat(call.get("duration_seconds")).isEqualTo(61);
        assertThat(call.get("outcome")).isEqualTo("answered");
        assertThat(call.get("summary")).isEqualTo("Booked a demo");
        assertThat((String) audits(org, "call", call.get("id")).get(0).get("details")).contains("started_at");
    }

    @Test
    void longSummariesAreCutAndUnusableCallIdsAreSkipped() throws Exception {
        lead(org, admin.id(), "+15550105555");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550105555","summary":"%s"}""".formatted(callId, "s".repeat(6000))),
                "processed");
        assertThat((String) calls(org, callId).get(0).get("summary")).hasSize(5000);

        String tooLong = "c".repeat(201);
        UUID skipped = deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550105555"}""".formatted(tooLong)), "skipped");
        assertThat(eventRow(skipped).get("error")).isEqualTo("invalid_call_id");
        UUID noPhone = deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"call me maybe"}""".formatted("call-" + UUID.randomUUID())), "skipped");
        assertThat(eventRow(noPhone).get("error")).isEqualTo("missing_phone");
        assertThat(WebhookDb.count("select count(*) from public.calls where org_id = ?", org)).isEqualTo(1);
    }

    @Test
    void aLaterReportUpdatesTheCallButNeverMovesItToAnotherLead() throws Exception {
        UUID first = lead(org, admin.id(), "+15550104001");
        UUID second = lead(org, admin.id(), "+15550104002");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550104001","outcome":"no_answer"}""".formatted(callId)), "processed");
        deliverAndExpect(vapi, event("call.ended", """
                {"call_id":"%s","phone":"+15550104002","outcome":"answered","summary":"Called back",
                 "duration_seconds":12}""".formatted(callId)), "processed");
        var rows = calls(org, callId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("lead_id")).isEqualTo(first).isNotEqualTo(second);
        assertThat(rows.get(0).get("outcome")).isEqualTo("answered");
        assertThat(rows.get(0).get("summary")).isEqualTo("Called back");
        var audit = audits(org, "call", rows.get(0).get("id"));
        assertThat(audit).extracting(a -> a.get("action")).containsExactly("create", "update");
        assertThat(audit.get(1).get("actor_id")).isNull();
        assertThat(audit.get(1).get("source")).isEqualTo("webhook");
        assertThat((String) audit.get(1).get("details")).contains("\"changes\"", "no_answer", "answered");
    }

    @Test
    void callIdsAreUniquePerOrgNotAcrossOrgs() throws Exception {
        Fixtures.TestUser otherAdmin = fixtures.user(otherOrg, "admin");
        lead(org, admin.id(), "+15550103001");
        lead(otherOrg, otherAdmin.id(), "+15550103001");
        WebhookTestClient.Endpoint mine = client.register(admin, "vapi");
        WebhookTestClient.Endpoint theirs = client.register(otherAdmin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        String body = event("call.ended", "{\"call_id\":\"" + callId + "\",\"phone\":\"+15550103001\"}");
        deliverAndExpect(mine, body, "processed");
        deliverAndExpect(theirs, body, "processed");
        assertThat(calls(org, callId)).hasSize(1);
        assertThat(calls(otherOrg, callId)).hasSize(1);
    }

    @Test
    void callEndedNeverMatchesAnotherOrgsLead() throws Exception {
        Fixtures.TestUser otherAdmin = fixtures.user(otherOrg, "admin");
        lead(otherOrg, otherAdmin.id(), "+15550108888");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        UUID eventId = deliverAndExpect(vapi, event("call.ended",
                "{\"call_id\":\"" + callId + "\",\"phone\":\"+15550108888\"}"), "skipped");
        assertThat(eventRow(eventId).get("error")).isEqualTo("no_matching_lead");
        assertThat(WebhookDb.count("select count(*) from public.calls where external_id = ?", callId)).isZero();
    }

    @Test
    void leadCreatedCreatesOneUnownedAuditedLeadInTheEndpointsOrgPerContact() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        String contactId = "contact-" + UUID.randomUUID();
        String body = """
                {"type":"ContactCreate","locationId":"loc-1","id":"%s","firstName":" Grace ","lastName":"Hopper",
                 "email":"grace@example.test","phone":"+1 555 010 3333","companyName":"Navy",
                 "org_id":"%s","customFields":[{"id":"f1","value":"kept"}]}""".formatted(contactId, otherOrg);
        UUID eventId = deliverAndExpect(ghl, body, "processed");
        var leads = WebhookDb.rows("""
                select id, org_id, owner_id, assigned_agent_id, first_name, last_name, phone, company, status, source
                  from public.leads where email = 'grace@example.test' and org_id = ?""", org);
        assertThat(leads).hasSize(1);
        Map<String, Object> lead = leads.get(0);
        assertThat(lead.get("owner_id")).as("unowned, like a captured lead; admins see it").isNull();
        assertThat(lead.get("assigned_agent_id")).isNull();
        assertThat(lead.get("first_name")).isEqualTo("Grace");
        assertThat(lead.get("phone")).isEqualTo("+15550103333");
        assertThat(lead.get("company")).isEqualTo("Navy");
        assertThat(lead.get("status")).isEqualTo("new");
        assertThat(lead.get("source")).isEqualTo("ghl");
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ?", otherOrg)).isZero();
        var audit = audits(org, "lead", lead.get("id"));
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action")).isEqualTo("create");
        assertThat(audit.get(0).get("actor_id")).isNull();
        assertThat(audit.get(0).get("source")).isEqualTo("webhook");
        assertThat(audit.get(0).get("provider")).isEqualTo("ghl");

        // the org's admin finds it through the API
        var r = new Http(port).get("/api/v1/leads/" + lead.get("id"), "Authorization", admin.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        // delivered again under a new message id, and the stored event handled again: still one lead
        deliverAndExpect(ghl, body, "processed");
        reprocess(eventId);
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ?", org)).isEqualTo(1);
        assertThat(audits(org, "lead", lead.get("id"))).hasSize(1);
    }

    @Test
    void contactFieldsTheApiWouldRefuseAreDropped() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        String contactId = "c-" + UUID.randomUUID();
        deliverAndExpect(ghl, event("lead.created", """
                {"contact_id":"%s","first_name":"Linus","last_name":"%s","email":"not-an-email",
                 "phone":"555-0100","company":"Evil\\nHeader: injected"}""".formatted(contactId, "T".repeat(101))),
                "processed");
        var leads = WebhookDb.rows("""
                select id, first_name, last_name, email, phone, company from public.leads
                 where org_id = ? and first_name = 'Linus'""", org);
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("last_name")).isNull();
        assertThat(leads.get(0).get("email")).isNull();
        assertThat(leads.get(0).get("phone")).isNull();
        assertThat(leads.get(0).get("company")).isNull();
        assertThat((String) audits(org, "lead", leads.get(0).get("id")).get(0).get("details"))
                .contains("last_name", "email", "phone", "company").doesNotContain("not-an-email", "injected");
    }

    @Test
    void contactsWithoutAUsableFirstNameOrIdAreSkipped() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        UUID noName = deliverAndExpect(ghl, event("lead.created", """
                {"contact_id":"%s","email":"nameless@example.test"}""".formatted("c-" + UUID.randomUUID())), "skipped");
        assertThat(eventRow(noName).get("error")).isEqualTo("missing_first_name");
        UUID badName = deliverAndExpect(ghl, event("lead.created", """
                {"contact_id":"%s","first_name":"%s"}""".formatted("c-" + UUID.randomUUID(), "N".repeat(101))), "skipped");
        assertThat(eventRow(badName).get("error")).isEqualTo("invalid_first_name");
        UUID badId = deliverAndExpect(ghl, event("lead.created", """
                {"contact_id":"%s","first_name":"Ida"}""".formatted("x".repeat(257))), "skipped");
        assertThat(eventRow(badId).get("error")).isEqualTo("invalid_contact_id");
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ?", org)).isZero();
        assertThat(WebhookDb.count("select count(*) from public.webhook_lead_links where org_id = ?", org)).isZero();
    }

    @Test
    void standardLeadCreatedShapeIsUnderstood() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        String contactId = "c-" + UUID.randomUUID();
        deliverAndExpect(ghl, event("lead.created", """
                {"contact_id":"%s","first_name":"Alan","last_name":"Turing","email":"alan@example.test"}""".formatted(contactId)),
                "processed");
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ? and email = 'alan@example.test'", org))
                .isEqualTo(1);
    }
}
