package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.token.SigningKeys;
import com.leadignite.config.AppProperties;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.web.SecurityHeadersAssert;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Forged, altered and stale tokens against an authenticated route over real HTTP: an unknown path under
 * /api/v1 is 404 with a valid token and 401 without one, so any 404 below would mean the token was taken.
 */
@IntegrationTest
class TokenAttackTest {

    private static final String PROBE = "/api/v1/token-probe";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SigningKeys keys;
    @Autowired
    AppProperties app;

    Http http;
    UUID org;
    Fixtures.TestUser user;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        org = fixtures.createOrg("token-attacks");
        user = fixtures.user(org, "agent");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    private Http.Response call(String token) {
        return http.get(PROBE, "Authorization", "Bearer " + token);
    }

    private void assertRejected(String token) {
        Http.Response r = call(token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("request_id").asString()).isEqualTo(r.header("X-Request-Id"));
        assertThat(r.json().get("detail").asString()).isEqualTo("Authentication is required to access this resource.");
        SecurityHeadersAssert.assertSecurityHeaders(r);
    }

    /** Claims exactly like a genuine token of {@link #user}, adjusted by {@code change}. */
    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(app.issuer())
                .audience("authenticated")
                .subject(user.id().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("email", user.email())
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("session_id", user.sessionId().toString())
                .claim("amr", List.of(Map.of("method", "password", "timestamp", now.getEpochSecond())))
                .claim("app_metadata", Map.of("org_id", org.toString(), "role", "agent"));
        change.accept(b);
        return b.build();
    }

    /** Signed with the service's real key, so only the altered header or claim can make it fail. */
    private String genuine(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(keys.active()));
        return jwt.serialize();
    }

    private JWSHeader realHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(keys.active().getKeyID()).build();
    }

    private String genuine(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return genuine(realHeader(), claims(change));
    }

    @Test
    void controlGenuineTokenIsAccepted() throws Exception {
        assertThat(call(user.token()).status()).isEqualTo(404);
        assertThat(call(genuine(b -> { })).status()).isEqualTo(404);
    }

    @Test
    void missingOrMalformedTokenIsRejected() {
        Http.Response none = http.get(PROBE);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertRejected("not-a-jwt");
        assertRejected("a.b.c");
    }

    @Test
    void algNoneIsRejected() {
        String unsigned = new PlainJWT(claims(b -> { })).serialize();
        assertRejected(unsigned);
        // "none" with the real kid in the header, and with a trailing fake signature
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + keys.active().getKeyID() + "\"}").toString();
        String payload = claims(b -> { }).toPayload().toBase64URL().toString();
        assertRejected(header + "." + payload + ".");
        assertRejected(header + "." + payload + ".c2ln");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejected() throws Exception {
        ECKey pub = keys.active().toPublicJWK();
        JWSHeader hs = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(pub.getKeyID()).build();
        for (byte[] secret : List.of(pub.toECPublicKey().getEncoded(), pub.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT jwt = new SignedJWT(hs, claims(b -> { }));
            jwt.sign(new MACSigner(secret));
            assertRejected(jwt.serialize());
        }
    }

    @Test
    void foreignKeyUnderAKnownKidIsRejected() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(keys.active().getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(realHeader(), claims(b -> { }));
        jwt.sign(new ECDSASigner(foreign));
        assertRejected(jwt.serialize());
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = user.token().split("\\.");
        JWTClaimsSet elevated = claims(b -> b.claim("app_metadata", Map.of("org_id", org.toString(), "role", "admin")));
        assertRejected(parts[0] + "." + elevated.toPayload().toBase64URL() + "." + parts[2]);
        JWTClaimsSet otherSubject = claims(b -> b.subject(UUID.randomUUID().toString()));
        assertRejected(parts[0] + "." + otherSubject.toPayload().toBase64URL() + "." + parts[2]);
        // one flipped signature character
        char last = parts[2].charAt(5);
        assertRejected(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6));
    }

    @Test
    void missingKidIsRejected() throws Exception {
        assertRejected(genuine(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims(b -> { })));
    }

    @Test
    void unknownKidIsRejected() throws Exception {
        assertRejected(genuine(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(UUID.randomUUID().toString()).build(),
                claims(b -> { })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../etc/passwd", "' or '1'='1", "x'; drop table auth.users; --", "%00", "kid\u0000null"})
    void maliciousKidIsRejected(String kid) throws Exception {
        assertRejected(genuine(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims(b -> { })));
    }

    @Test
    void hugeKidIsRejected() throws Exception {
        assertRejected(genuine(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k".repeat(4000)).build(), claims(b -> { })));
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertRejected(genuine(b -> b.issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past))));
        // just beyond the 60 s skew
        assertRejected(genuine(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(90)))));
    }

    @Test
    void notYetValidTokenIsRejected() throws Exception {
        Instant future = Instant.now().plusSeconds(600);
        assertRejected(genuine(b -> b.notBeforeTime(Date.from(future))));
        assertRejected(genuine(b -> b.issueTime(Date.from(future)).expirationTime(Date.from(future.plusSeconds(600)))));
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        assertRejected(genuine(b -> b.issuer("https://evil.example/auth/v1")));
        assertRejected(genuine(b -> b.issuer(null)));
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        assertRejected(genuine(b -> b.audience("anon")));
        assertRejected(genuine(b -> b.audience((String) null)));
    }

    @Test
    void revokedSessionStopsAtOnce() {
        assertThat(call(user.token()).status()).isEqualTo(404);
        Fixtures.exec("update auth.sessions set revoked_at = now(), revoked_reason = 'logout' where id = ?", user.sessionId());
        assertRejected(user.token());
    }

    @Test
    void userLockedByAdminStopsAtOnce() {
        assertThat(call(user.token()).status()).isEqualTo(404);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", user.id());
        assertRejected(user.token());
    }

    @Test
    void tokenOfAnotherSessionIdIsRejected() throws Exception {
        assertRejected(genuine(b -> b.claim("session_id", UUID.randomUUID().toString())));
    }
}
