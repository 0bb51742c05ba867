package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.webhooks.receive.SignatureVerifier;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Registers endpoints through the API and delivers signed messages to them over real HTTP. */
final class WebhookTestClient {

    record Endpoint(UUID id, String provider, String url, String secret) {
        String path() {
            return "/webhooks/" + provider + "/" + id;
        }
    }

    private final Http http;

    WebhookTestClient(Http http) {
        this.http = http;
    }

    Endpoint register(Fixtures.TestUser admin, String provider) {
        Http.Response r = http.post("/api/v1/webhook-endpoints", Map.of("provider", provider),
                "Authorization", admin.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var json = r.json();
        return new Endpoint(UUID.fromString(json.get("id").asString()), json.get("provider").asString(),
                json.get("url").asString(), json.get("secret").asString());
    }

    Http.Response post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b, headers);
    }

    /** A Standard Webhooks delivery signed with {@code secret} at {@code timestamp}. */
    Http.Response deliver(Endpoint e, String secret, String messageId, long timestamp, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(e.path(), bytes, "webhook-id", messageId, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", SignatureVerifier.signStandard(secret, messageId, timestamp, bytes));
    }

    Http.Response deliver(Endpoint e, String messageId, String body) {
        return deliver(e, e.secret(), messageId, now(), body);
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String msgId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String event(String type, String dataJson) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":" + dataJson + "}";
    }

    static String[] headers(String... nv) {
        List<String> out = new ArrayList<>(List.of(nv));
        return out.toArray(String[]::new);
    }
}
