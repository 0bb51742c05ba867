package com.leadignite.security.ratelimit;

import com.leadignite.LeadIgniteApplication;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the service with a per-IP quota of 1 on every limited group (and 10 an hour per form
 * key), started once for the tests that need it. Tests play many clients by binding loopback source
 * addresses (127.x.y.z), so each client starts with fresh buckets.
 */
final class SmallLimitsApp {

    static final int FORM_KEY_QUOTA = 10;

    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("leadignite.public-base-url", "http://localhost:8080"),
            Map.entry("leadignite.rate-limit.sign-in.per-ip.quota", "1"),
            Map.entry("leadignite.rate-limit.sign-in.per-ip.window", "1h"),
            Map.entry("leadignite.rate-limit.sign-up.per-ip.quota", "1"),
            Map.entry("leadignite.rate-limit.refresh.per-ip.quota", "1"),
            Map.entry("leadignite.rate-limit.refresh.per-ip.window", "1h"),
            Map.entry("leadignite.rate-limit.lead-capture.per-ip.quota", "1"),
            Map.entry("leadignite.rate-limit.lead-capture.per-ip.window", "1h"),
            Map.entry("leadignite.rate-limit.lead-capture.per-key.quota", Integer.toString(FORM_KEY_QUOTA)),
            Map.entry("leadignite.rate-limit.lead-capture.per-key.window", "1h"),
            Map.entry("leadignite.rate-limit.webhooks.per-ip.quota", "1"),
            Map.entry("leadignite.rate-limit.webhooks.per-ip.window", "1h"));

    private static ConfigurableApplicationContext context;
    private static int nextAddress = 0;

    private SmallLimitsApp() {
    }

    static synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            context = new SpringApplicationBuilder(LeadIgniteApplication.class)
                    .profiles("test")
                    .run(SETTINGS.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        }
        return context;
    }

    static int port() {
        return Integer.parseInt(context().getEnvironment().getProperty("local.server.port"));
    }

    /** A loopback address no other request of this JVM has used (never 127.0.0.1). */
    static synchronized String freshAddress() {
        int n = ++nextAddress;
        return "127.9." + (n / 250 % 250 + 1) + "." + (n % 250 + 1);
    }
}
