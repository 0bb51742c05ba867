package com.leadignite.alerts;

import static org.awaitility.Awaitility.await;

import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The alert tests' own context: every rule at a threshold of 3 (refresh-token reuse and chain breaks at
 * 1) over a one-minute window, a quiet period of 3 s, the webhook pointed at a loopback receiver, and
 * 127.0.0.1 trusted as a proxy so each test can speak from addresses of its own ({@code X-Forwarded-For}).
 */
abstract class AlertTestSupport extends TwoOrgTest {

    static final AlertWebhookReceiver HOOK = new AlertWebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    @DynamicPropertySource
    static void alertSettings(DynamicPropertyRegistry r) {
        r.add("leadignite.alerts.webhook-url", HOOK::url);
        r.add("leadignite.alerts.quiet-period", () -> "3s");
        r.add("leadignite.alerts.check-interval", () -> "200ms");
        r.add("leadignite.alerts.webhook-backoff", () -> "50ms");
        for (String rule : List.of("sign-in-failures-account", "sign-in-failures-ip", "auth-denials-ip",
                "access-denied-user", "cross-org-probes", "rate-limited", "webhook-signature-failures", "server-errors")) {
            r.add("leadignite.alerts." + rule + ".threshold", () -> "3");
            r.add("leadignite.alerts." + rule + ".window", () -> "1m");
        }
        r.add("leadignite.client-ip.trusted-proxies", () -> "127.0.0.1/32,::1/128");
        r.add("leadignite.rate-limit.sign-up.per-ip.quota", () -> "2");
    }

    /** An address (TEST-NET-2) no other test uses. */
    static String freshAddress() {
        int n = NEXT_ADDRESS.getAndIncrement();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    static String[] from(String address, String... headers) {
        String[] out = new String[headers.length + 2];
        out[0] = "X-Forwarded-For";
        out[1] = address;
        System.arraycopy(headers, 0, out, 2, headers.length);
        return out;
    }

    /** Waits for the webhook message opening an alert of {@code rule} that matches. */
    static JsonNode awaitOpened(String rule, java.util.function.Predicate<JsonNode> alert) {
        return await().atMost(WAIT).until(() -> HOOK.messages(rule, "open").stream()
                .map(m -> m.get("alert")).filter(alert).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    static java.util.function.Predicate<JsonNode> inOrg(UUID org) {
        return a -> org.toString().equals(a.path("org_id").asString(null));
    }

    static java.util.function.Predicate<JsonNode> detail(String name, String value) {
        return a -> value.equals(a.path("details").path(name).asString(null));
    }

    JsonNode alertsOf(Http.Response r) {
        return r.json().get("items");
    }
}
