package com.leadignite.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.leadignite.auth.token.SigningKeys;
import com.leadignite.config.AppProperties;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Tokens of a configured external Supabase project: accepted with the same checks as ours, mapped to a
 * local user only through an explicit {@code auth.identities} link, with org and role from our database.
 */
@ExternalSupabaseTest
class ExternalSupabaseTokenTest {

    static final WireMockServer JWKS_SERVER = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort());
    static final ECKey EC;
    static final RSAKey RSA;

    static {
        try {
            EC = new ECKeyGenerator(Curve.P_256).keyID("ext-ec-1").generate();
            RSA = new RSAKeyGenerator(2048).keyID("ext-rsa-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        JWKS_SERVER.start();
        JWKS_SERVER.stubFor(get(urlEqualTo("/auth/v1/.well-known/jwks.json")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK())).toString(true))));
    }

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("leadignite.supabase.jwks-url",
                () -> "http://127.0.0.1:" + JWKS_SERVER.port() + "/auth/v1/.well-known/jwks.json");
    }

    @AfterAll
    static void stopServer() {
        JWKS_SERVER.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SigningKeys ownKeys;
    @Autowired
    AppProperties app;

    Http http;
    UUID org;
    Fixtures.TestUser agent;
    String externalSub;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        org = fixtures.createOrg("external-supabase");
        agent = fixtures.user(org, "agent");
        externalSub = UUID.randomUUID().toString();
        Fixtures.exec("insert into auth.identities (user_id, provider, provider_id) values (?, 'supabase', ?)",
                agent.id(), externalSub);
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ExternalSupabaseTest.ISSUER)
                .audience("authenticated")
                .subject(externalSub)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("role", "authenticated")
                .claim("session_id", UUID.randomUUID().toString())
                .claim("email", "someone@external.test")
                // claims an org and role it does not have here: must be ignored
                .claim("app_metadata", Map.of("org_id", UUID.randomUUID().toString(), "role", "admin"));
        change.accept(b);
        return b.build();
    }

    private static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
        if (kid != null) {
            h.keyID(kid);
        }
        SignedJWT jwt = new SignedJWT(h.build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String es256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return sign(JWSAlgorithm.ES256, EC.getKeyID(), new ECDSASigner(EC), claims(change));
    }

    private Http.Response whoami(String token) {
        return http.get("/test-only/whoami", "Authorization", "Bearer " + token);
    }

    private void assertRejected(String token) {
        Http.Response r = whoami(token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void es256TokenMapsToTheLinkedUserWithOurOrgAndRole() throws Exception {
        Http.Response r = whoami(es256(b -> { }));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode me = r.json();
        assertThat(me.get("id").asString()).isEqualTo(agent.id().toString());
        assertThat(me.get("org_id").asString()).isEqualTo(org.toString());
        assertThat(me.get("role").asString()).isEqualTo("agent");
        assertThat(me.get("session_id").asString()).isEqualTo("null");
    }

    @Test
    void rs256AndLegacyHs256AreAccepted() throws Exception {
        assertThat(whoami(sign(JWSAlgorithm.RS256, RSA.getKeyID(), new RSASSASigner(RSA), claims(b -> { }))).status())
                .isEqualTo(200);
        assertThat(whoami(sign(JWSAlgorithm.HS256, null,
                new MACSigner(ExternalSupabaseTest.SECRET.getBytes(StandardCharsets.UTF_8)), claims(b -> { }))).status())
                .isEqualTo(200);
    }

    @Test
    void ownTokensStillWork() {
        assertThat(whoami(agent.token()).status()).isEqualTo(200);
    }

    @Test
    void forgedOrAlteredExternalTokensAreRejected() throws Exception {
        // HS256 with a wrong secret, and with the public key as secret
        assertRejected(sign(JWSAlgorithm.HS256, null, new MACSigner("x".repeat(40).getBytes(StandardCharsets.UTF_8)), claims(b -> { })));
        assertRejected(sign(JWSAlgorithm.HS256, EC.getKeyID(), new MACSigner(EC.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)),
                claims(b -> { })));
        // a foreign key under the known kid
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(EC.getKeyID()).generate();
        assertRejected(sign(JWSAlgorithm.ES256, EC.getKeyID(), new ECDSASigner(foreign), claims(b -> { })));
        // kid is required for JWKS keys
        assertRejected(sign(JWSAlgorithm.ES256, null, new ECDSASigner(EC), claims(b -> { })));
        assertRejected(sign(JWSAlgorithm.ES256, "unknown-kid", new ECDSASigner(EC), claims(b -> { })));
        // algorithm outside the allow-list
        assertRejected(sign(JWSAlgorithm.HS512, null, new MACSigner(ExternalSupabaseTest.SECRET.repeat(2).getBytes(StandardCharsets.UTF_8)),
                claims(b -> { })));
    }

    @Test
    void claimChecksApply() throws Exception {
        assertRejected(es256(b -> b.audience("anon")));
        assertRejected(es256(b -> b.claim("role", "anon")));
        assertRejected(es256(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120)))));
        assertRejected(es256(b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
        assertRejected(es256(b -> b.issueTime(Date.from(Instant.now().plusSeconds(600)))
                .expirationTime(Date.from(Instant.now().plusSeconds(1200)))));
    }

    @Test
    void issuerDecidesTheKeysNeverTheOtherWayRound() throws Exception {
        // an unknown issuer is refused without fetching anything
        assertRejected(es256(b -> b.issuer("http://127.0.0.1:" + JWKS_SERVER.port() + "/auth/v1")));
        // our issuer but signed with the external key, and the external issuer signed with our key
        assertRejected(es256(b -> b.issuer(app.issuer())));
        assertRejected(sign(JWSAlgorithm.ES256, ownKeys.active().getKeyID(), new ECDSASigner(ownKeys.active()), claims(b -> { })));
    }

    @Test
    void unlinkedSubjectIsUnknown() throws Exception {
        assertRejected(es256(b -> b.subject(UUID.randomUUID().toString())));
        // the subject of one of OUR users is not a link either
        assertRejected(es256(b -> b.subject(agent.id().toString())));
    }

    @Test
    void lockedLinkedUserStopsAtOnce() throws Exception {
        String token = es256(b -> { });
        assertThat(whoami(token).status()).isEqualTo(200);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", agent.id());
        assertRejected(token);
    }

    /** A user signed up here with a password, linked to {@link #externalSub}; returns its org. */
    private UUID signedUpAndLinked(String email, String password) {
        Http.Response up = http.post("/auth/v1/signup", Map.of("email", email, "password", password,
                "data", Map.of("org_name", "external-linked")));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        UUID userId = UUID.fromString(up.json().get("user").get("id").asString());
        Fixtures.exec("update auth.identities set provider_id = ? where provider = 'supabase' and user_id = ?",
                UUID.randomUUID().toString(), agent.id());
        Fixtures.exec("insert into auth.identities (user_id, provider, provider_id) values (?, 'supabase', ?)",
                userId, externalSub);
        return UUID.fromString(up.json().get("user").get("app_metadata").get("org_id").asString());
    }

    /** Such tokens have no local session: endpoints that act on "this session" say so with a clear 4xx. */
    @Test
    void endpointsThatNeedALocalSessionAnswerA4xxForExternalTokens() throws Exception {
        String email = "ext-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String password = "Glacier-Pencil-Orbit-42";
        UUID linkedOrg = signedUpAndLinked(email, password);
        try {
            String token = es256(b -> b.claim("amr", List.of(Map.of("method", "password",
                    "timestamp", Instant.now().getEpochSecond()))));
            Http.Response re = http.post("/auth/v1/reauthenticate", Map.of("password", password),
                    "Authorization", "Bearer " + token);
            assertThat(re.status()).as(re.body()).isEqualTo(403);
            assertThat(re.header("x-sb-error-code")).isEqualTo("session_not_found");
            assertThat(re.json().get("msg").asString()).contains("external");

            Http.Response local = http.post("/auth/v1/logout?scope=local", null, "Authorization", "Bearer " + token);
            assertThat(local.status()).as(local.body()).isEqualTo(403);
            assertThat(local.header("x-sb-error-code")).isEqualTo("session_not_found");

            // Every local session of the user is "another" session of an external caller.
            JsonNode own = http.post("/auth/v1/token?grant_type=password", Map.of("email", email, "password", password)).json();
            Http.Response others = http.post("/auth/v1/logout?scope=others", null, "Authorization", "Bearer " + token);
            assertThat(others.status()).as(others.body()).isEqualTo(204);
            assertThat(http.get("/auth/v1/user", "Authorization", "Bearer " + own.get("access_token").asString()).status())
                    .isEqualTo(403);
            assertThat(http.post("/auth/v1/logout?scope=global", null, "Authorization", "Bearer " + token).status())
                    .isEqualTo(204);

            Http.Response change = http.put("/auth/v1/user", Map.of("password", "Another-Orbit-Pencil-77"),
                    "Authorization", "Bearer " + token);
            assertThat(change.status()).as(change.body()).isEqualTo(200);
            assertThat(http.get("/auth/v1/user", "Authorization", "Bearer " + token).status()).isEqualTo(200);
        } finally {
            fixtures.deleteOrg(linkedOrg);
        }
    }
}
