package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.AuthorizationServerStandIn;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The social-login tests' shared context: two providers on loopback (Spring Authorization Server as
 * {@code sas}, the {@link MintingProvider} as {@code mint}), {@code PUBLIC_BASE_URL} {@value
 * AuthorizationServerStandIn#PUBLIC_BASE_URL} (what the provider's registration names; the tests play the
 * reverse proxy and send what reaches that address to the random port) and an allow-listed app.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "leadignite.public-base-url=" + AuthorizationServerStandIn.PUBLIC_BASE_URL,
        "leadignite.redirects.allow-list=" + SocialLoginTestBase.APP})
abstract class SocialLoginTestBase {

    static final String APP = "https://app.example.test/auth";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry r) {
        r.add("auth.oidc.sas.issuer", AuthorizationServerStandIn::issuer);
        r.add("auth.oidc.sas.client-id", () -> AuthorizationServerStandIn.CLIENT_ID);
        r.add("auth.oidc.sas.client-secret", () -> AuthorizationServerStandIn.CLIENT_SECRET);
        r.add("auth.oidc.mint.issuer", () -> MintingProvider.get().issuer());
        r.add("auth.oidc.mint.client-id", () -> MintingProvider.CLIENT_ID);
        r.add("auth.oidc.mint.client-secret", () -> MintingProvider.CLIENT_SECRET);
        r.add("auth.oidc.mint.scopes", () -> "email");
    }

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Http http;
    final List<UUID> orgs = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void client() {
        http = new Http(port);
    }

    @AfterEach
    void cleanUp() {
        orgs.forEach(fixtures::deleteOrg);
    }

    /** The client's side of PKCE, as auth-js makes it. */
    record Pkce(String verifier, String challenge) {
        static Pkce fresh() {
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            return new Pkce(verifier, s256(verifier));
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A started sign-in: where the provider was asked to send the browser back, and the browser's cookie. */
    record Started(Http.Response response, URI location, Map<String, String> query, String cookie) {
        String state() {
            return query.get("state");
        }

        String nonce() {
            return query.get("nonce");
        }
    }

    Started authorize(String provider, String redirectTo, Pkce pkce) {
        String path = "/auth/v1/authorize?provider=" + enc(provider)
                + (redirectTo == null ? "" : "&redirect_to=" + enc(redirectTo))
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=s256";
        Http.Response r = http.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        URI location = URI.create(r.header("Location"));
        String setCookie = r.header("Set-Cookie");
        String cookie = setCookie == null ? null : setCookie.substring(0, setCookie.indexOf(';'));
        return new Started(r, location, query(location), cookie);
    }

    /** The provider's redirect back, as the browser (with {@code cookie}, may be null) delivers it. */
    Http.Response callback(String query, String cookie) {
        return cookie == null ? http.get("/auth/v1/callback?" + query)
                : http.get("/auth/v1/callback?" + query, "Cookie", cookie);
    }

    Http.Response exchange(String authCode, String verifier) {
        return http.post("/auth/v1/token?grant_type=pkce", Map.of("auth_code", authCode, "code_verifier", verifier));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return m;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String email(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@social.example.test";
    }

    /** The first column of the first row, as text (null without a row), read as the database owner. */
    static String queryString(String sql, Object... args) {
        try (java.sql.Connection c = com.leadignite.support.TestDatabase.owner();
             java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remembers the org of a session's user for clean-up. */
    UUID track(Http.Response session) {
        UUID org = UUID.fromString(session.json().get("user").get("app_metadata").get("org_id").asString());
        orgs.add(org);
        return org;
    }
}
