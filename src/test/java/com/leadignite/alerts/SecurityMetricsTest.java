package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.webhooks.receive.SignatureVerifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The security metrics on the management port (profile {@code metrics}): authentication outcomes,
 * rate-limit decisions, webhook outcomes, alert counts and audit-chain status exist, carry no id, address
 * or email in any label, are not served on the public port, and are exactly the names the Prometheus rules
 * and the Grafana dashboard in {@code docs/monitoring} use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "metrics"})
class SecurityMetricsTest {

    static final int MANAGEMENT_PORT = freePort();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? \\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern UUID_LIKE = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
    private static final Pattern IPV6 = Pattern.compile("(?i)\\b[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}\\b");
    private static final Pattern METRIC_REFERENCE = Pattern.compile("\\bleadignite_[a-z0-9_]+");
    /** The label names the service's own metrics may use: each takes values from a fixed vocabulary. */
    private static final Set<String> OWN_LABELS = Set.of("action", "outcome", "group", "decision", "policy", "provider",
            "reason", "status", "rule", "severity", "result");

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    Http http;
    UUID org;
    Fixtures.TestUser admin;

    @BeforeEach
    void traffic() {
        http = new Http(port);
        org = fixtures.createOrg("Metrics Org");
        admin = fixtures.user(org, "admin");
        Fixtures.TestUser agent = fixtures.user(org, "agent");
        // a failed sign-in of a known account, an audited denial, an allowed request, a chain verification
        http.post("/auth/v1/token?grant_type=password", Map.of("email", agent.email(), "password", "wrong-password-1"));
        http.get("/api/v1/audit-events", "Authorization", agent.bearer());
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).status()).isEqualTo(200);
        // one webhook delivery that verifies and one that does not
        JsonNode endpoint = http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"), "Authorization", admin.bearer()).json();
        String path = "/webhooks/vapi/" + endpoint.get("id").asString();
        for (String secret : List.of(endpoint.get("secret").asString(), "whsec_" + "A".repeat(43))) {
            byte[] body = ("{\"type\":\"call.ended\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
            long ts = Instant.now().getEpochSecond();
            String msg = "msg_" + UUID.randomUUID().toString().replace("-", "");
            http.send(http.request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                    "webhook-id", msg, "webhook-timestamp", Long.toString(ts),
                    "webhook-signature", SignatureVerifier.signStandard(secret, msg, ts, body));
        }
    }

    @AfterEach
    void cleanUp() {
        fixtures.deleteOrg(org);
    }

    private Map<String, List<Map<String, String>>> scrape() {
        Http.Response r = new Http(MANAGEMENT_PORT).get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        Map<String, List<Map<String, String>>> series = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            series.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(labels);
        }
        return series;
    }

    @Test
    void theSecurityMetricsAreOnTheManagementPortOnly() {
        Map<String, List<Map<String, String>>> series = scrape();
        assertThat(series).containsKeys("leadignite_auth_outcomes_total", "leadignite_ratelimit_decisions_total",
                "leadignite_webhooks_received_total", "leadignite_webhooks_rejected_total", "leadignite_alerts_raised_total",
                "leadignite_alerts_open", "leadignite_alerts_notifications_total", "leadignite_audit_chain_verifications_total",
                "leadignite_audit_chain_broken_orgs");
        assertThat(series.get("leadignite_auth_outcomes_total"))
                .anySatisfy(l -> assertThat(l).containsEntry("action", "sign_in_failed").containsEntry("outcome", "failure"));
        assertThat(series.get("leadignite_ratelimit_decisions_total"))
                .anySatisfy(l -> assertThat(l).containsEntry("group", "general").containsEntry("decision", "allowed"));
        assertThat(series.get("leadignite_alerts_raised_total"))
                .anySatisfy(l -> assertThat(l).containsEntry("rule", "cross_org_probes").containsEntry("severity", "critical"));
        assertThat(new Http(port).get("/actuator/prometheus").status()).isIn(401, 404);
        assertThat(new Http(port).get("/actuator/prometheus", "Authorization", admin.bearer()).status()).isIn(401, 403, 404);
    }

    @Test
    void noLabelCarriesAnIdAnAddressOrAnEmail() {
        Map<String, List<Map<String, String>>> series = scrape();
        series.forEach((name, all) -> all.forEach(labels -> labels.forEach((k, v) -> {
            String where = name + "{" + k + "=" + v + "}";
            assertThat(UUID_LIKE.matcher(v).find()).as(where).isFalse();
            assertThat(IPV4.matcher(v).find()).as(where).isFalse();
            assertThat(v).as(where).doesNotContain("@").doesNotContain(admin.email()).doesNotContain(org.toString());
            if (name.startsWith("leadignite_")) {
                assertThat(OWN_LABELS).as(where).contains(k);
                assertThat(IPV6.matcher(v).find()).as(where).isFalse();
            }
        })));
    }

    @Test
    void everyMetricTheAlertRulesAndTheDashboardUseExists() throws IOException {
        Set<String> exported = scrape().keySet();
        Set<String> referenced = new HashSet<>();
        for (Path doc : List.of(Path.of("docs/monitoring/prometheus-alerts.yml"), Path.of("docs/monitoring/grafana-dashboard.json"))) {
            Matcher m = METRIC_REFERENCE.matcher(Files.readString(doc));
            Set<String> inDoc = new HashSet<>();
            while (m.find()) {
                inDoc.add(m.group());
            }
            assertThat(inDoc).as(doc.toString()).isNotEmpty();
            assertThat(exported).as(doc + " uses only exported metrics").containsAll(inDoc);
            referenced.addAll(inDoc);
        }
        // and together they cover every family of security metrics
        assertThat(referenced).contains("leadignite_auth_outcomes_total", "leadignite_ratelimit_decisions_total",
                "leadignite_webhooks_rejected_total", "leadignite_alerts_open", "leadignite_audit_chain_broken_orgs");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
