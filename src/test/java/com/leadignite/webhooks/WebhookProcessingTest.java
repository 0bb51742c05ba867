package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * call.ended and lead.created applied to the CRM tables. Those tables come with the CRM feature; until
 * they exist in this build the tests are skipped (assumption), after that they run.
 */
@IntegrationTest
class WebhookProcessingTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    WebhookEventWorker worker;

    UUID org;
    UUID otherOrg;
    Fixtures.TestUser admin;
    WebhookTestClient client;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(WebhookDb.tableExists("public.leads") && WebhookDb.tableExists("public.calls"),
                "public.leads and public.calls are not in this build yet");
        client = new WebhookTestClient(new Http(port));
        org = fixtures.createOrg("processing");
        otherOrg = fixtures.createOrg("processing-other");
        admin = fixtures.user(org, "admin");
    }

    @AfterEach
    void tearDown() {
        if (org != null) {
            fixtures.deleteOrg(org);
            fixtures.deleteOrg(otherOrg);
        }
    }

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
        WebhookWorkerTest.await(() -> !"pending".equals(eventRow(eventId).get("status")), Duration.ofSeconds(15));
        return eventId;
    }

    private static Map<String, Object> eventRow(UUID eventId) {
        return WebhookDb.rows("select status, error from public.webhook_events where id = ?", eventId).get(0);
    }

    private static List<Map<String, Object>> calls(UUID orgId, String externalId) {
        return WebhookDb.rows("""
                select org_id, lead_id, created_by, direction, duration_seconds, outcome, summary, recording_url
                  from public.calls where org_id = ? and external_id = ?""", orgId, externalId);
    }

    @Test
    void callEndedCreatesOneCallOnTheLeadMatchedByPhoneAndRepeatsChangeNothing() throws Exception {
        UUID leadId = lead(org, admin.id(), "+1 (555) 010-4242");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String externalId = "call-" + UUID.randomUUID();
        String body = event("call.ended", """
                {"call_id":"%s","phone":"+15550104242","direction":"outbound","duration_seconds":93,
                 "outcome":"answered","summary":"Booked a demo","recording_url":"https://rec.example/1.mp3",
                 "org_id":"%s","brand_new_field":{"x":1}}""".formatted(externalId, otherOrg));
        UUID eventId = deliverAndAwait(vapi, body);
        assertThat(eventRow(eventId).get("status")).as(String.valueOf(eventRow(eventId).get("error"))).isEqualTo("processed");

        List<Map<String, Object>> rows = calls(org, externalId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("lead_id")).isEqualTo(leadId);
        assertThat(rows.get(0).get("created_by")).isEqualTo(admin.id());
        assertThat(rows.get(0).get("direction")).isEqualTo("outbound");
        assertThat(((Number) rows.get(0).get("duration_seconds")).intValue()).isEqualTo(93);
        assertThat(rows.get(0).get("summary")).isEqualTo("Booked a demo");
        assertThat(WebhookDb.count("select count(*) from public.calls where org_id = ?", otherOrg))
                .as("the org named in the payload got nothing").isZero();

        // the same call reported again (new message id) and the same event handled again: still one call
        deliverAndAwait(vapi, body);
        Fixtures.exec("update public.webhook_events set status = 'pending', processed_at = null where id = ?", eventId);
        worker.process(eventId, org);
        assertThat(calls(org, externalId)).hasSize(1);
        assertThat(calls(org, externalId).get(0)).isEqualTo(rows.get(0));
    }

    @Test
    void vapiEndOfCallReportShapeIsUnderstood() throws Exception {
        UUID leadId = lead(org, admin.id(), "+15550107777");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "vapi-" + UUID.randomUUID();
        String body = """
                {"message":{"type":"end-of-call-report","endedReason":"customer-ended-call",
                 "call":{"id":"%s","type":"inboundPhoneCall","customer":{"number":"+15550107777"}},
                 "durationSeconds":41.6,"summary":"Asked about pricing",
                 "artifact":{"recordingUrl":"javascript:alert(1)"}}}""".formatted(callId);
        deliverAndAwait(vapi, body);
        List<Map<String, Object>> rows = calls(org, callId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("lead_id")).isEqualTo(leadId);
        assertThat(rows.get(0).get("direction")).isEqualTo("inbound");
        assertThat(((Number) rows.get(0).get("duration_seconds")).intValue()).isEqualTo(42);
        assertThat(rows.get(0).get("recording_url")).as("only http(s) URLs are kept").isNull();
    }

    @Test
    void callEndedNeverMatchesAnotherOrgsLead() throws Exception {
        Fixtures.TestUser otherAdmin = fixtures.user(otherOrg, "admin");
        lead(otherOrg, otherAdmin.id(), "+15550108888");
        WebhookTestClient.Endpoint vapi = client.register(admin, "vapi");
        String callId = "call-" + UUID.randomUUID();
        UUID eventId = deliverAndAwait(vapi, event("call.ended",
                "{\"call_id\":\"" + callId + "\",\"phone\":\"+15550108888\"}"));
        assertThat(eventRow(eventId).get("status")).isEqualTo("skipped");
        assertThat(eventRow(eventId).get("error")).isEqualTo("no_matching_lead");
        assertThat(WebhookDb.count("select count(*) from public.calls where external_id = ?", callId)).isZero();
    }

    @Test
    void leadCreatedCreatesOneLeadInTheEndpointsOrgPerContact() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        String contactId = "contact-" + UUID.randomUUID();
        String body = """
                {"type":"ContactCreate","locationId":"loc-1","id":"%s","firstName":"Grace","lastName":"Hopper",
                 "email":"grace@example.test","phone":"+1 555 010 3333","companyName":"Navy",
                 "org_id":"%s","customFields":[{"id":"f1","value":"kept"}]}""".formatted(contactId, otherOrg);
        UUID eventId = deliverAndAwait(ghl, body);
        assertThat(eventRow(eventId).get("status")).as(String.valueOf(eventRow(eventId).get("error"))).isEqualTo("processed");
        var leads = WebhookDb.rows("""
                select id, org_id, owner_id, first_name, last_name, phone, company from public.leads
                 where email = 'grace@example.test' and org_id = ?""", org);
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("owner_id")).isEqualTo(admin.id());
        assertThat(leads.get(0).get("phone")).isEqualTo("+15550103333");
        assertThat(leads.get(0).get("company")).isEqualTo("Navy");
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ?", otherOrg)).isZero();

        // delivered again under a new message id, and the stored event handled again: still one lead
        deliverAndAwait(ghl, body);
        Fixtures.exec("update public.webhook_events set status = 'pending', processed_at = null where id = ?", eventId);
        worker.process(eventId, org);
        assertThat(WebhookDb.count("select count(*) from public.leads where email = 'grace@example.test' and org_id = ?", org))
                .isEqualTo(1);
    }

    @Test
    void standardLeadCreatedShapeIsUnderstood() throws Exception {
        WebhookTestClient.Endpoint ghl = client.register(admin, "ghl");
        String contactId = "c-" + UUID.randomUUID();
        deliverAndAwait(ghl, event("lead.created", """
                {"contact_id":"%s","first_name":"Alan","last_name":"Turing","email":"alan@example.test"}""".formatted(contactId)));
        assertThat(WebhookDb.count("select count(*) from public.leads where org_id = ? and email = 'alan@example.test'", org))
                .isEqualTo(1);
    }
}
