package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.admin.AdminProperties;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/admin/alerts}: admins see their own org's alerts only; an alert is deduplicated while
 * its condition lasts (one webhook message, growing count and last_seen) and resolved after the quiet period;
 * failed webhook attempts are retried.
 */
class AlertApiTest extends AlertTestSupport {

    @Autowired
    AdminProperties operator;

    private void denyAgent(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(http.get("/api/v1/audit-events", "Authorization", agent.bearer()).status()).isEqualTo(403);
        }
    }

    private JsonNode list(Fixtures.TestUser caller, String query) {
        Http.Response r = http.get("/api/v1/admin/alerts" + query, "Authorization", caller.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void anAlertIsDeduplicatedWhileOpenThenResolvedAfterTheQuietPeriod() {
        denyAgent(3);
        JsonNode opened = awaitOpened("access_denied_user", inOrg(org));
        String id = opened.get("id").asString();
        denyAgent(2);
        JsonNode grown = await().atMost(WAIT).until(() -> list(admin, "?state=open").get("items"),
                items -> items.size() == 1 && items.get(0).get("count").asLong() >= 5);
        assertThat(grown.get(0).get("id").asString()).isEqualTo(id);
        assertThat(grown.get(0).get("last_seen").asString()).isGreaterThanOrEqualTo(grown.get(0).get("first_seen").asString());
        assertThat(HOOK.messages("access_denied_user", "open")).filteredOn(m -> inOrg(org).test(m.get("alert"))).hasSize(1);

        JsonNode resolved = await().atMost(WAIT).until(() -> HOOK.messages("access_denied_user", "resolved").stream()
                .map(m -> m.get("alert")).filter(a -> id.equals(a.get("id").asString())).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(resolved.get("count").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(resolved.get("resolved_at").asString()).isNotEmpty();
        JsonNode items = list(admin, "?state=resolved").get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("state").asString()).isEqualTo("resolved");
        assertThat(list(admin, "?state=open").get("items")).isEmpty();
    }

    @Test
    void adminsSeeTheirOwnOrgsAlertsOnly() {
        denyAgent(3);
        awaitOpened("access_denied_user", inOrg(org));
        // deployment-wide alerts exist too (addresses of this context's tests)
        String address = freshAddress();
        for (int i = 0; i < 3; i++) {
            http.get("/api/v1/leads", from(address, "Authorization", "Bearer not-a-token"));
        }
        awaitOpened("auth_denials_ip", detail("client_ip", address));

        JsonNode mine = list(admin, "");
        assertThat(mine.get("items")).isNotEmpty().allSatisfy(a -> assertThat(a.get("scope").asString()).isEqualTo("org"));
        assertThat(mine.toString()).doesNotContain(address).doesNotContain("client_ip");
        assertThat(list(otherAdmin, "").get("items")).isEmpty();
        assertThat(list(otherAdmin, "?state=open").get("total").asLong()).isZero();
        // members other than admins are refused (and that refusal is audited)
        assertThat(http.get("/api/v1/admin/alerts", "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/alerts", "Authorization", user.bearer()).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/alerts").status()).isEqualTo(401);
    }

    @Test
    void theOperatorOrgsAdminsAlsoSeeDeploymentAlerts() {
        UUID operatorOrg = operator.operatorOrgId();
        Fixtures.exec("insert into public.organizations (id, name) values (?, 'Operator') on conflict do nothing", operatorOrg);
        try {
            Fixtures.TestUser operatorAdmin = fixtures.user(operatorOrg, "admin");
            String address = freshAddress();
            for (int i = 0; i < 3; i++) {
                http.get("/api/v1/leads", from(address, "Authorization", "Bearer not-a-token"));
            }
            awaitOpened("auth_denials_ip", detail("client_ip", address));
            JsonNode items = list(operatorAdmin, "?state=open&size=100").get("items");
            assertThat(items).anySatisfy(a -> {
                assertThat(a.get("rule").asString()).isEqualTo("auth_denials_ip");
                assertThat(a.get("scope").asString()).isEqualTo("deployment");
            });
            assertThat(items.toString()).contains(address);
            // but still no other org's alerts
            denyAgent(3);
            awaitOpened("access_denied_user", inOrg(org));
            assertThat(list(operatorAdmin, "?size=100").toString()).doesNotContain(org.toString());
        } finally {
            fixtures.deleteOrg(operatorOrg);
        }
    }

    @Test
    void badParametersAreA400NamingThem() {
        for (String q : List.of("?state=OPEN", "?state=closed", "?state=open%00", "?page=-1", "?size=0", "?size=101", "?page=x")) {
            Http.Response r = http.get("/api/v1/admin/alerts" + q, "Authorization", admin.bearer());
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(http.get("/api/v1/admin/alerts/", "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/admin/ALERTS", "Authorization", admin.bearer()).status()).isEqualTo(404);
    }

    @Test
    void aFailingWebhookIsRetried() {
        Fixtures.TestUser member = fixtures.user(org, "agent");
        String marker = member.id().toString();
        HOOK.failFirst(marker, 2);
        for (int i = 0; i < 3; i++) {
            http.get("/api/v1/audit-events", "Authorization", member.bearer());
        }
        awaitOpened("access_denied_user", detail("user_id", marker));
        assertThat(HOOK.attemptsWith(marker)).as("two refused attempts, then the accepted one").isEqualTo(3);
    }
}
