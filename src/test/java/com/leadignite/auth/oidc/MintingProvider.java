package com.leadignite.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A provider on loopback whose token endpoint answers with whatever ID token the test mints: the way to
 * show that the service refuses a token with another nonce, another audience, an old {@code exp}, an
 * unknown key or a forbidden algorithm. It publishes discovery and a JWKS with {@link #KEY}; the
 * authorization endpoint is never visited (the test reads {@code state} and {@code nonce} off the redirect).
 */
final class MintingProvider {

    static final String CLIENT_ID = "leadignite-minted";
    static final String CLIENT_SECRET = "minted-client-secret-3Hs7";
    static final ECKey KEY = generate("mint-1");
    /** A key nobody published. */
    static final ECKey STRANGER = generate("mint-1");

    private static final MintingProvider INSTANCE = new MintingProvider();

    private final HttpServer server;
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, String>, String> tokenAnswer = form -> "{}";

    private MintingProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "minting-provider");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    static MintingProvider get() {
        return INSTANCE;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mint";
    }

    /** What the token endpoint answers (a JSON body), given the form it received. */
    void answerTokenRequests(Function<Map<String, String>, String> answer) {
        tokenAnswer = answer;
    }

    /** Answers with an ID token of {@code claims}, signed by {@code key} with ES256. */
    void answerWith(ECKey key, JWTClaimsSet claims) {
        String token = sign(key, claims);
        answerTokenRequests(form -> "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"" + token + "\"}");
    }

    List<Map<String, String>> tokenRequests() {
        return tokenRequests;
    }

    /** Claims a valid ID token of this provider would carry for {@code sub}. */
    JWTClaimsSet.Builder claims(String sub, String nonce, String email, boolean verified) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject(sub).audience(CLIENT_ID)
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000))
                .claim("nonce", nonce).claim("email", email).claim("email_verified", verified);
    }

    static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        switch (path) {
            case "/mint/.well-known/openid-configuration" -> send(ex, 200, """
                    {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                     "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["ES256"],
                     "token_endpoint_auth_methods_supported":["client_secret_post"]}""".formatted(issuer()));
            case "/mint/jwks" -> send(ex, 200, new JWKSet(KEY.toPublicJWK()).toString());
            case "/mint/token" -> {
                Map<String, String> form = form(body);
                tokenRequests.add(form);
                send(ex, 200, tokenAnswer.apply(form));
            }
            default -> send(ex, 404, "{}");
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
