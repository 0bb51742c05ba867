package com.leadignite.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback HTTP server standing in for Slack: records every alert POST it accepts. {@link #failFirst}
 * makes it answer 503 to chosen messages, to exercise retries.
 */
final class AlertWebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, AtomicInteger> attemptsWith = new java.util.concurrent.ConcurrentHashMap<>();

    AlertWebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                attempts.incrementAndGet();
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                boolean fail = false;
                for (var e : failures.entrySet()) {
                    if (text.contains(e.getKey())) {
                        attemptsWith.computeIfAbsent(e.getKey(), k -> new AtomicInteger()).incrementAndGet();
                        fail |= e.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                    }
                }
                if (!fail && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    received.add(JSON.readTree(body));
                }
                exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The accepted messages of {@code rule} in {@code state}. */
    List<JsonNode> messages(String rule, String state) {
        return received.stream().filter(m -> rule.equals(m.path("alert").path("rule").asString())
                && state.equals(m.path("alert").path("state").asString())).toList();
    }

    int attempts() {
        return attempts.get();
    }

    /** Answers 503 to the first {@code n} messages containing {@code marker}. */
    void failFirst(String marker, int n) {
        failures.put(marker, new AtomicInteger(n));
    }

    /** Attempts seen of messages containing a marker given to {@link #failFirst}. */
    int attemptsWith(String marker) {
        AtomicInteger n = attemptsWith.get(marker);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
