package com.leadignite.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in providers on loopback (one real HTTP server per test JVM): Vapi under {@code /vapi},
 * ElevenLabs under {@code /elevenlabs}, GoHighLevel under {@code /ghl} (API, {@code /ghl/oauth/token},
 * {@code /ghl/oauth/revoke}). Tests program answers per {@code "METHOD /path"} and read what was sent.
 * Unprogrammed routes answer 404. {@link Registrar} points the shared test context at it.
 */
public final class StandInProviders {

    /** A request as the provider received it. */
    public record Received(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                           String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        public Map<String, String> form() {
            return parse(body);
        }
    }

    /** How a route answers; may also write to the exchange itself (slow or endless answers). */
    @FunctionalInterface
    public interface Responder {
        void respond(Received request, HttpExchange exchange) throws IOException;
    }

    private static final StandInProviders INSTANCE = new StandInProviders();
    /** HighLevel's webhook signing keys as far as the tests are concerned (the public halves are configured). */
    public static final java.security.KeyPair GHL_ED25519 = keyPair("Ed25519", 0);
    public static final java.security.KeyPair GHL_RSA = keyPair("RSA", 2048);

    private static java.security.KeyPair keyPair(String algorithm, int size) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                g.initialize(size);
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private final HttpServer server;
    private final HttpServer internal;
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger internalHits = new AtomicInteger();

    private StandInProviders() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "stand-in-provider");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", this::handle);
            server.start();
            // A "private" address a hostile provider might redirect to: it must never be reached.
            internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            internal.createContext("/", ex -> {
                internalHits.incrementAndGet();
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            internal.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StandInProviders get() {
        return INSTANCE;
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String internalUrl() {
        return "http://127.0.0.1:" + internal.getAddress().getPort() + "/latest/meta-data/";
    }

    public int internalHits() {
        return internalHits.get();
    }

    public void on(String methodAndPath, Responder responder) {
        routes.put(methodAndPath, responder);
    }

    /** Answers JSON with {@code status}. */
    public void json(String methodAndPath, int status, String body) {
        on(methodAndPath, (r, ex) -> send(ex, status, body, Map.of()));
    }

    public List<Received> received(String methodAndPath) {
        return received.stream().filter(r -> (r.method() + " " + r.path()).equals(methodAndPath)).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public void reset() {
        routes.clear();
        received.clear();
    }

    public static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    parse(ex.getRequestURI().getRawQuery()), headers, body);
            received.add(r);
            Responder responder = routes.get(r.method() + " " + r.path());
            if (responder == null) {
                send(ex, 404, "{\"message\":\"not found\"}", Map.of());
            } else {
                responder.respond(r, ex);
            }
        } catch (IOException | RuntimeException e) {
            ex.close(); // the client gave up (timeouts under test)
        }
    }

    public static Map<String, String> parse(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** Points the test context's provider URLs at the stand-ins (registered in spring.factories). */
    public static final class Registrar
            implements org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext> {

        public static final String CLIENT_ID = "leadignite-test-client";
        public static final String CLIENT_SECRET = "ghl-client-secret-Zq8vN3kLw2";

        @Override
        public void initialize(org.springframework.context.ConfigurableApplicationContext ctx) {
            if (ctx.getEnvironment().acceptsProfiles(org.springframework.core.env.Profiles.of("prod"))) {
                return; // production start-up checks refuse plain http; those tests bring their own settings
            }
            String base = get().base();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("leadignite.integrations.vapi-api-base-url", base + "/vapi");
            p.put("leadignite.integrations.elevenlabs-api-base-url", base + "/elevenlabs");
            p.put("leadignite.integrations.ghl.api-base-url", base + "/ghl");
            p.put("leadignite.integrations.ghl.token-url", base + "/ghl/oauth/token");
            p.put("leadignite.integrations.ghl.revoke-url", base + "/ghl/oauth/revoke");
            p.put("leadignite.integrations.ghl.authorize-url", base + "/ghl/oauth/chooselocation");
            p.put("leadignite.integrations.ghl.client-id", CLIENT_ID);
            p.put("leadignite.integrations.ghl.client-secret", CLIENT_SECRET);
            p.put("leadignite.webhooks.native.ghl-public-key", pem(GHL_ED25519.getPublic()));
            p.put("leadignite.webhooks.native.ghl-rsa-public-key", pem(GHL_RSA.getPublic()));
            // Short enough for tests to see retries and timeouts quickly, long enough for a loaded machine.
            p.put("leadignite.integrations.read-timeout", "3s");
            p.put("leadignite.integrations.retry-budget", "6s");
            ctx.getEnvironment().getPropertySources().addFirst(
                    new org.springframework.core.env.MapPropertySource("stand-in-providers", p));
        }
    }
}
