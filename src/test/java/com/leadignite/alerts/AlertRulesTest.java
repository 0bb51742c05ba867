package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.audit.AuditChainVerifier;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.webhooks.receive.SignatureVerifier;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every alert rule fires when driven through the real endpoints, and its alert reaches the webhook (a
 * loopback receiver) in the org it concerns, or deployment-wide for rules keyed by client address.
 */
class AlertRulesTest extends AlertTestSupport {

    @Autowired
    AuditChainVerifier verifier;
    @Autowired
    MeterRegistry meters;

    @Test
    void failedSignInsOfOneAccountRaiseAnAlertInItsOrg() {
        Fixtures.TestUser member = fixtures.user(org, "user");
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/auth/v1/token?grant_type=password",
                    Map.of("email", member.email(), "password", "wrong-password-" + i), from(address)).status()).isEqualTo(400);
        }
        JsonNode alert = awaitOpened("sign_in_failures_account", inOrg(org));
        assertThat(alert.path("details").path("user_id").asString()).isEqualTo(member.id().toString());
        assertThat(alert.path("severity").asString()).isEqualTo("warning");
        assertThat(alert.path("count").asLong()).isGreaterThanOrEqualTo(3);
        // an org alert never carries the address the attempts came from
        assertThat(alert.toString()).doesNotContain(address);
    }

    @Test
    void failedSignInsFromOneAddressRaiseADeploymentAlert() {
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            http.post("/auth/v1/token?grant_type=password",
                    Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong-password"), from(address));
        }
        JsonNode alert = awaitOpened("sign_in_failures_ip", detail("client_ip", address));
        assertThat(alert.path("org_id").isNull()).isTrue();
        assertThat(alert.path("scope").asString()).isEqualTo("deployment");
    }

    @Test
    void twoFailuresStayBelowTheThreshold() {
        String address = freshAddress();
        for (int i = 0; i < 2; i++) {
            http.post("/auth/v1/token?grant_type=password",
                    Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong-password"), from(address));
        }
        // a third signal from another address is evaluated after these two: once it has alerted, so would they
        String other = freshAddress();
        for (int i = 0; i < 3; i++) {
            http.post("/auth/v1/token?grant_type=password",
                    Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong-password"), from(other));
        }
        awaitOpened("sign_in_failures_ip", detail("client_ip", other));
        assertThat(HOOK.messages("sign_in_failures_ip", "open")).noneMatch(m -> address.equals(
                m.path("alert").path("details").path("client_ip").asString(null)));
    }

    @Test
    void burstsOf401FromOneAddressRaiseADeploymentAlert() {
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/leads", from(address, "Authorization", "Bearer not-a-token")).status()).isEqualTo(401);
        }
        awaitOpened("auth_denials_ip", detail("client_ip", address));
    }

    @Test
    void repeatedDenialsOfOneUserRaiseAnAlertInTheirOrg() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/audit-events", "Authorization", agent.bearer()).status()).isEqualTo(403);
        }
        JsonNode alert = awaitOpened("access_denied_user", inOrg(org));
        assertThat(alert.path("details").path("user_id").asString()).isEqualTo(agent.id().toString());
    }

    @Test
    void crossOrgProbesRaiseAnAlertInTheProbedOrgOnly() {
        String lead = http.post("/api/v1/leads", Map.of("first_name", "Probed"), "Authorization", admin.bearer())
                .json().get("id").asString();
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/leads/" + lead, from(address, "Authorization", otherAdmin.bearer())).status())
                    .isEqualTo(404);
        }
        JsonNode alert = awaitOpened("cross_org_probes", inOrg(org));
        assertThat(alert.path("severity").asString()).isEqualTo("critical");
        assertThat(alert.toString()).doesNotContain(address).doesNotContain(otherOrg.toString())
                .doesNotContain(otherAdmin.id().toString());
        assertThat(HOOK.messages("cross_org_probes", "open")).noneMatch(m -> inOrg(otherOrg).test(m.get("alert")));
    }

    @Test
    void rateLimitRefusalsRaiseADeploymentAlert() {
        String address = freshAddress();
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            // an invalid body: the limit is checked before the body is read, so nothing is created
            if (http.post("/auth/v1/signup", Map.of(), from(address)).status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(3);
        JsonNode alert = awaitOpened("rate_limited", detail("client_ip", address));
        assertThat(alert.path("details").path("group").asString()).isEqualTo("sign_up");
    }

    @Test
    void badWebhookSignaturesRaiseAnAlertInTheEndpointsOrg() {
        JsonNode endpoint = http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"), "Authorization", admin.bearer()).json();
        String id = endpoint.get("id").asString();
        byte[] body = "{\"type\":\"call.ended\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            long ts = Instant.now().getEpochSecond();
            String msg = "msg_" + UUID.randomUUID().toString().replace("-", "");
            Http.Response r = http.send(http.request("/webhooks/vapi/" + id).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                    "webhook-id", msg, "webhook-timestamp", Long.toString(ts),
                    "webhook-signature", SignatureVerifier.signStandard("whsec_" + "A".repeat(43), msg, ts, body));
            assertThat(r.status()).isEqualTo(401);
        }
        JsonNode alert = awaitOpened("webhook_signature_failures", inOrg(org));
        assertThat(alert.path("details").path("endpoint_id").asString()).isEqualTo(id);
    }

    @Test
    void deliveriesToUnknownEndpointsRaiseADeploymentAlert() {
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            Http.Response r = http.send(http.request("/webhooks/vapi/" + UUID.randomUUID()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")), from(address));
            assertThat(r.status()).isEqualTo(404);
        }
        JsonNode alert = awaitOpened("webhook_signature_failures", detail("client_ip", address));
        assertThat(alert.path("scope").asString()).isEqualTo("deployment");
    }

    @Test
    void aReusedRefreshTokenRaisesACriticalAlertAtOnce() {
        String address = freshAddress();
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
        Http.Response signUp = http.post("/auth/v1/signup", Map.of("email", email, "password", "Glacier-Pencil-Orbit-42",
                "data", Map.of("org_name", "Reuse Org")), from(address));
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(200);
        UUID newOrg = UUID.fromString(signUp.json().path("user").path("app_metadata").path("org_id").asString());
        try {
            String refresh = signUp.json().get("refresh_token").asString();
            assertThat(http.post("/auth/v1/token?grant_type=refresh_token", Map.of("refresh_token", refresh)).status()).isEqualTo(200);
            Http.Response reuse = http.post("/auth/v1/token?grant_type=refresh_token", Map.of("refresh_token", refresh));
            assertThat(reuse.body()).contains("refresh_token_already_used");
            JsonNode alert = awaitOpened("refresh_token_reuse", inOrg(newOrg));
            assertThat(alert.path("severity").asString()).isEqualTo("critical");
            assertThat(alert.path("count").asLong()).isEqualTo(1);
        } finally {
            fixtures.deleteOrg(newOrg);
        }
    }

    @Test
    void aBrokenAuditChainRaisesAnAlertWhenVerified() {
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "Chained"), "Authorization", admin.bearer()).status())
                .isEqualTo(201);
        Fixtures.exec("update public.audit_events set details = '{\"forged\":true}'::jsonb where org_id = ?", org);
        JsonNode verified = http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).json();
        assertThat(verified.get("valid").asBoolean()).isFalse();
        JsonNode alert = awaitOpened("audit_chain_break", inOrg(org));
        assertThat(alert.path("details").path("reason").asString()).isEqualTo("hash_mismatch");
    }

    @Test
    void thePeriodicVerificationFindsATamperedChainWithoutAnAdminAsking() {
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "Chained"), "Authorization", admin.bearer()).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "Intact"), "Authorization", otherAdmin.bearer()).status())
                .isEqualTo(201);
        double brokenBefore = meters.get("leadignite.audit.chain_verifications").tag("result", "broken").counter().count();
        // as the migration owner: what someone with database access, not the service, could do
        Fixtures.exec("update public.audit_events set details = '{\"forged\":true}'::jsonb where org_id = ?", org);

        AuditChainVerifier.Round round = verifier.verifyAll();
        assertThat(round.broken()).isGreaterThanOrEqualTo(1);
        JsonNode alert = awaitOpened("audit_chain_break", inOrg(org));
        assertThat(alert.path("severity").asString()).isEqualTo("critical");
        assertThat(alert.path("details").path("reason").asString()).isEqualTo("hash_mismatch");
        assertThat(meters.get("leadignite.audit.chain_verifications").tag("result", "broken").counter().count())
                .isGreaterThan(brokenBefore);
        assertThat(meters.get("leadignite.audit.chain_broken_orgs").gauge().value()).isGreaterThanOrEqualTo(1);
        // the org's admin sees it; the intact org has no such alert and sees nothing of the other
        Http.Response mine = http.get("/api/v1/admin/alerts?state=open", "Authorization", admin.bearer());
        assertThat(alertsOf(mine).toString()).contains("audit_chain_break");
        Http.Response theirs = http.get("/api/v1/admin/alerts?state=open", "Authorization", otherAdmin.bearer());
        assertThat(alertsOf(theirs).toString()).doesNotContain("audit_chain_break").doesNotContain(org.toString());
        assertThat(HOOK.messages("audit_chain_break", "open")).noneMatch(m -> inOrg(otherOrg).test(m.get("alert")));
    }

    @Test
    void aValidChainRaisesNothing() {
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).json().get("valid").asBoolean()).isTrue();
        // the check that follows would have seen the alert: the engine handles signals in order
        for (int i = 0; i < 3; i++) {
            http.get("/api/v1/audit-events", "Authorization", user.bearer());
        }
        awaitOpened("access_denied_user", inOrg(org));
        assertThat(HOOK.messages("audit_chain_break", "open")).noneMatch(m -> inOrg(org).test(m.get("alert")));
    }

    @Test
    void burstsOfServerErrorsRaiseADeploymentAlert() {
        int before = HOOK.messages("server_errors", "open").size();
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/test-only/boom", "Authorization", admin.bearer()).status()).isEqualTo(500);
        }
        // only this test answers 5xx in this context, so no earlier alert of the rule can still be open
        await().atMost(WAIT).until(() -> HOOK.messages("server_errors", "open").size() > before);
        JsonNode alert = HOOK.messages("server_errors", "open").get(before).get("alert");
        assertThat(alert.path("scope").asString()).isEqualTo("deployment");
        assertThat(alert.toString()).doesNotContain("select password").doesNotContain("Secret");
    }
}
