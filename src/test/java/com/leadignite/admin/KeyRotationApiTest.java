package com.leadignite.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.token.SigningKeys;
import com.leadignite.config.AuthProperties;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.security.authz.Authorization;
import com.leadignite.crypto.MasterKey;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import com.leadignite.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/admin/keys/rotate} over real HTTP: only an admin of the operator org
 * ({@code leadignite.operator-org-id} of the test profile) with a recent password sign-in may rotate.
 */
@IntegrationTest
class KeyRotationApiTest {

    static final UUID OPERATOR_ORG = UUID.fromString("5e7a1f00-0000-4000-8000-0000000000a1");
    static final String PATH = "/api/v1/admin/keys/rotate";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    MasterKey masterKey;
    @Autowired
    AdminProperties adminProperties;
    @Autowired
    Authorization authorization;
    @Autowired
    SigningKeys signingKeys;
    @Autowired
    List<SealedValueStore> stores;
    @Autowired
    AuthProperties authProperties;
    @Autowired
    AuditWriter auditWriter;

    Http http;
    UUID otherOrg;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        Fixtures.exec("insert into public.organizations (id, name) values (?, ?) on conflict (id) do nothing",
                OPERATOR_ORG, "Operator");
        otherOrg = fixtures.createOrg("Key Rotation Other Org");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(OPERATOR_ORG);
        fixtures.deleteOrg(otherOrg);
    }

    @Test
    void theTestProfileConfiguresTheOperatorOrg() {
        assertThat(adminProperties.operatorOrgId()).isEqualTo(OPERATOR_ORG);
    }

    @Test
    void jwtRotationPublishesANewKeyAndKeepsTheOldOneVerifying() {
        TestUser operator = fixtures.user(OPERATOR_ORG, "admin");
        TestUser bystander = fixtures.user(otherOrg, "agent"); // its token is signed by the old key
        String oldKid = kid(bystander.token());
        assertThat(jwksKids()).contains(oldKid);

        Http.Response r = http.post(PATH, Map.of("kind", "jwt"), "Authorization", operator.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("kind").asString()).isEqualTo("jwt");
        String newKid = body.get("kid").asString();
        assertThat(newKid).isNotEqualTo(oldKid);
        Instant validUntil = Instant.parse(body.get("previous_valid_until").asString());
        // access-token TTL (15 min) + clock skew (60 s) + background key refresh (30 s)
        assertThat(validUntil).isBetween(Instant.now().plus(Duration.ofMinutes(16)), Instant.now().plus(Duration.ofMinutes(17)));

        assertThat(jwksKids()).contains(oldKid, newKid);
        assertThat(http.get("/.well-known/jwks.json").body()).contains(newKid).contains(oldKid);
        // Tokens of the old key still work; new tokens carry the new kid and work too.
        assertThat(http.get("/auth/v1/user", "Authorization", bystander.bearer()).status()).isEqualTo(200);
        assertThat(http.get("/auth/v1/user", "Authorization", operator.bearer()).status()).isEqualTo(200);
        TestUser fresh = fixtures.user(otherOrg, "user");
        assertThat(kid(fresh.token())).isEqualTo(newKid);
        assertThat(http.get("/auth/v1/user", "Authorization", fresh.bearer()).status()).isEqualTo(200);

        List<String> audit = auditDetails(OPERATOR_ORG, "rotate", "success");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).contains(newKid).contains("previous_valid_until")
                .doesNotContain("\"d\"").doesNotContain("private");
    }

    @Test
    void encryptionRotationReportsTheCurrentKeyAsTheOnlyOneInUse() {
        TestUser operator = fixtures.user(OPERATOR_ORG, "admin");
        Http.Response r = http.post(PATH, Map.of("kind", "encryption"), "Authorization", operator.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("kind").asString()).isEqualTo("encryption");
        assertThat(body.get("key_fingerprint").asString()).isEqualTo(masterKey.fingerprint());
        assertThat(body.get("resealed").asInt()).isZero(); // everything is already under the only key
        assertThat(body.get("key_fingerprints_in_use").toString()).isEqualTo("[\"" + masterKey.fingerprint() + "\"]");
        assertThat(auditDetails(OPERATOR_ORG, "rotate", "success")).singleElement().asString()
                .contains("encryption").contains(masterKey.fingerprint());
    }

    @Test
    void anAdminOfAnotherOrgIsRefusedAndAudited() {
        TestUser admin = fixtures.user(otherOrg, "admin");
        String kidBefore = kid(fixtures.user(otherOrg, "user").token());
        Http.Response r = http.post(PATH, Map.of("kind", "jwt"), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(auditDetails(otherOrg, "access_denied", "denied")).singleElement().asString()
                .contains("not_operator_org");
        assertThat(kid(fixtures.user(otherOrg, "user").token())).isEqualTo(kidBefore);
    }

    @Test
    void aStaleSignInIsAskedToReauthenticate() {
        TestUser operator = fixtures.user(OPERATOR_ORG, "admin", Instant.now().minus(Duration.ofMinutes(10)));
        Http.Response r = http.post(PATH, Map.of("kind", "jwt"), "Authorization", operator.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asString()).endsWith("/reauthentication-required");
        assertThat(auditDetails(OPERATOR_ORG, "access_denied", "denied")).singleElement().asString()
                .contains("reauthentication_required");
        assertThat(auditDetails(OPERATOR_ORG, "rotate", "success")).isEmpty();
    }

    @Test
    void agentsAndUsersOfTheOperatorOrgAreRefused() {
        for (String role : List.of("agent", "user")) {
            TestUser u = fixtures.user(OPERATOR_ORG, role);
            assertThat(http.post(PATH, Map.of("kind", "jwt"), "Authorization", u.bearer()).status()).as(role).isEqualTo(403);
        }
        assertThat(auditDetails(OPERATOR_ORG, "access_denied", "denied")).hasSize(2);
        assertThat(auditDetails(OPERATOR_ORG, "rotate", "success")).isEmpty();
    }

    @Test
    void withoutAConfiguredOperatorOrgNobodyMayRotate() {
        // The same collaborators as the running service, but with the setting unset.
        var unset = new KeyRotationService(signingKeys, masterKey, stores, authProperties, auditWriter, authorization,
                new AdminProperties(null));
        TestUser operator = fixtures.user(OPERATOR_ORG, "admin");
        String kidBefore = kid(operator.token());
        AuthenticatedUser user = new AuthenticatedUser(operator.id(), OPERATOR_ORG, AuthenticatedUser.Role.admin,
                operator.email(), operator.sessionId(), Instant.now());
        assertThatThrownBy(() -> unset.rotate(user, Http.JSON.readTree("{\"kind\":\"jwt\"}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(403));
        assertThat(kid(fixtures.user(OPERATOR_ORG, "user").token())).isEqualTo(kidBefore);
        assertThat(auditDetails(OPERATOR_ORG, "access_denied", "denied")).singleElement().asString()
                .contains("not_operator_org");
    }

    @Test
    void withoutATokenItIs401() {
        assertThat(http.post(PATH, Map.of("kind", "jwt")).status()).isEqualTo(401);
    }

    @Test
    void badBodiesAre400NamingTheField() {
        TestUser operator = fixtures.user(OPERATOR_ORG, "admin");
        Http.Response unknownKind = http.post(PATH, Map.of("kind", "everything"), "Authorization", operator.bearer());
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownKind.json().get("errors").get(0).get("field").asString()).isEqualTo("kind");

        Http.Response extra = http.post(PATH, "{\"kind\":\"jwt\",\"keep_verifying\":\"P1D\"}", "Authorization", operator.bearer());
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().get("errors").get(0).get("field").asString()).isEqualTo("keep_verifying");

        assertThat(http.post(PATH, "{\"kind\":1}", "Authorization", operator.bearer()).status()).isEqualTo(400);
        assertThat(http.post(PATH, "{}", "Authorization", operator.bearer()).status()).isEqualTo(400);
        assertThat(http.post(PATH, "[\"jwt\"]", "Authorization", operator.bearer()).status()).isEqualTo(400);
        assertThat(http.post(PATH, "{\"kind\":", "Authorization", operator.bearer()).status()).isEqualTo(400);
        assertThat(auditDetails(OPERATOR_ORG, "rotate", "success")).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<String> jwksKids() {
        List<String> out = new ArrayList<>();
        http.get("/auth/v1/.well-known/jwks.json").json().get("keys").forEach(k -> out.add(k.get("kid").asString()));
        return out;
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return Http.JSON.readTree(header).get("kid").asString();
    }

    private static List<String> auditDetails(UUID org, String action, String outcome) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement("""
                select details::text from public.audit_events
                 where org_id = ? and action = ? and entity_type = 'signing_key' and outcome = ? order by seq""")) {
            ps.setObject(1, org);
            ps.setString(2, action);
            ps.setString(3, outcome);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
