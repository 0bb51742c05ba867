package com.leadignite.webhooks;

import static com.leadignite.webhooks.WebhookTestClient.event;
import static com.leadignite.webhooks.WebhookTestClient.msgId;
import static com.leadignite.webhooks.WebhookTestClient.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.audit.AuditWriter;
import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Outsiders cannot grow an org's audit log without limit: repeated rejections from one address within
 * the repeat window are one row, and one more row with their count once the window has ended.
 */
class RepeatedRejectionAuditTest extends TwoOrgTest {

    @Autowired
    AuditWriter writer;
    WebhookTestClient client;
    WebhookTestClient.Endpoint endpoint;
    long mark;

    @BeforeEach
    void setUp() {
        writer.flushRejections(Instant.MAX); // windows left open by earlier tests
        client = new WebhookTestClient(http);
        endpoint = client.register(admin, "vapi");
        // Rows with no org are shared by every test: count only those written after this point.
        mark = WebhookDb.count("select coalesce(max(seq), 0) from public.audit_events");
    }

    @Test
    void badSignaturesToAnOrgsEndpointAreOneRowWithACount() throws Exception {
        burst(300, () -> client.deliver(endpoint, "whsec_" + "A".repeat(43), msgId(), now(), event("call.ended", "{}")).status(), 401);
        String rows = "select count(*) from public.audit_events where org_id = ? and action = 'webhook_rejected'"
                + " and entity_id = ? and details->>'reason' = 'invalid_signature'";
        assertThat(WebhookDb.count(rows, org, endpoint.id().toString())).isEqualTo(1);

        writer.flushRejections(Instant.now().plusSeconds(3600));
        assertThat(WebhookDb.count(rows, org, endpoint.id().toString())).isEqualTo(2);
        assertThat(WebhookDb.count(rows + " and (details->>'repeated')::int = 299", org, endpoint.id().toString())).isEqualTo(1);
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void unknownEndpointIdsFromOneAddressAreOneRowWithACount() throws Exception {
        burst(200, () -> client.deliver(new WebhookTestClient.Endpoint(UUID.randomUUID(), "vapi", null, endpoint.secret()),
                msgId(), event("call.ended", "{}")).status(), 404);
        String rows = "select count(*) from public.audit_events where org_id is null and action = 'webhook_rejected'"
                + " and details->>'reason' = 'unknown_endpoint' and seq > ?";
        assertThat(WebhookDb.count(rows, mark)).isEqualTo(1);
        writer.flushRejections(Instant.now().plusSeconds(3600));
        assertThat(WebhookDb.count(rows + " and (details->>'repeated')::int = 199", mark)).isEqualTo(1);
        assertThat(WebhookDb.count(rows, mark)).isEqualTo(2);
    }

    @Test
    void failedSignInsForAMembersEmailAreOneRowPerReasonWithACount() throws Exception {
        Fixtures.TestUser member = fixtures.user(org, "user");
        burst(25, () -> http.post("/auth/v1/token?grant_type=password",
                Map.of("email", member.email(), "password", "wrong-password-123")).status(), 400);
        String rows = "select count(*) from public.audit_events where org_id = ? and action = 'sign_in_failed' and entity_id = ?";
        // One row for the wrong passwords, one for the attempts made while the account was locked.
        assertThat(WebhookDb.count(rows, org, member.id().toString())).isBetween(1L, 2L);
        writer.flushRejections(Instant.now().plusSeconds(3600));
        assertThat(WebhookDb.count(rows, org, member.id().toString())).isBetween(2L, 4L);
        assertThat(WebhookDb.count("select sum(coalesce((details->>'repeated')::int, 1)) from public.audit_events where org_id = ? and action = 'sign_in_failed' and entity_id = ?",
                org, member.id().toString())).as("every attempt is counted").isEqualTo(25);
    }

    private static void burst(int n, Supplier<Integer> call, int expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(pool.submit(call::get));
            }
            for (Future<Integer> f : all) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
