package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.session.RefreshTokens;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class SignUpTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    static JsonNode claims(String jwt) {
        return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void signUpWithOrgNameCreatesTheOrgAndItsFirstAdminAndReturnsAGoTrueSession() {
        String email = AuthTestClient.email("Founder");
        long before = Instant.now().getEpochSecond();
        Http.Response r = auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "Acme Ltd", "full_name", "Ada Founder")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        JsonNode s = r.json();
        assertThat(s.get("token_type").asString()).isEqualTo("bearer");
        assertThat(s.get("expires_in").asLong()).isBetween(800L, 900L);
        assertThat(s.get("expires_at").asLong()).isGreaterThan(before);
        assertThat(s.get("refresh_token").asString()).matches("[A-Za-z0-9_-]{43}");
        JsonNode user = s.get("user");
        assertThat(user.get("aud").asString()).isEqualTo("authenticated");
        assertThat(user.get("role").asString()).isEqualTo("authenticated");
        assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(user.get("app_metadata").get("role").asString()).isEqualTo("admin");
        assertThat(user.get("app_metadata").get("provider").asString()).isEqualTo("email");
        assertThat(user.get("user_metadata").get("full_name").asString()).isEqualTo("Ada Founder");
        assertThat(user.get("user_metadata").has("org_name")).isFalse();
        assertThat(user.get("identities").size()).isEqualTo(1);
        assertThat(user.get("created_at").asString()).endsWith("Z");
        assertThat(user.get("last_sign_in_at").isNull()).isFalse();

        UUID org = AuthTestClient.orgOf(s);
        assertThat(AuthTestClient.scalar("select name from public.organizations where id = ?", org)).isEqualTo("Acme Ltd");

        JsonNode claims = claims(s.get("access_token").asString());
        assertThat(claims.get("sub").asString()).isEqualTo(user.get("id").asString());
        assertThat(claims.get("app_metadata").get("org_id").asString()).isEqualTo(org.toString());
        assertThat(claims.get("amr").get(0).get("method").asString()).isEqualTo("password");
        assertThat(claims.get("amr").get(0).get("timestamp").asLong()).isBetween(before - 1, Instant.now().getEpochSecond() + 1);

        // The refresh token is stored only as its SHA-256.
        assertThat(AuthTestClient.scalar("select count(*) from auth.refresh_tokens where token_hash = ?",
                RefreshTokens.sha256(s.get("refresh_token").asString()))).isEqualTo(1L);
        assertThat(AuthTestClient.scalar("select encrypted_password from auth.user_credentials where user_id = ?",
                AuthTestClient.userOf(s)).toString()).startsWith("$argon2id$");

        assertThat(AuthTestClient.audit("org_id = ?", org)).extracting(m -> m.get("action"))
                .containsExactly("create", "sign_up");
        assertThat(auth.getUser(s.get("access_token").asString()).status()).isEqualTo(200);
    }

    @Test
    void anExistingEmailIsUserAlreadyExistsWhateverItsCase() {
        String email = AuthTestClient.email("dup");
        auth.signUpOrg(email, AuthTestClient.PASSWORD);
        Http.Response r = auth.signUpRaw(Map.of("email", email.toUpperCase(), "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "Second")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error_code").asString()).isEqualTo("user_already_exists");
        assertThat(r.header("x-sb-error-code")).isEqualTo("user_already_exists");
    }

    @Test
    void roleAndOrgKeysInDataAreRefused() {
        for (String key : new String[] {"role", "org_id", "app_metadata", "is_admin", "organization", "claims"}) {
            Map<String, Object> data = new HashMap<>();
            data.put("org_name", "Sneaky");
            data.put(key, key.equals("app_metadata") ? Map.of("role", "admin") : "admin");
            Http.Response r = auth.signUpRaw(Map.of("email", AuthTestClient.email("smuggle"),
                    "password", AuthTestClient.PASSWORD, "data", data));
            assertThat(r.status()).as(key).isEqualTo(400);
            assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
        }
    }

    @Test
    void dataKeysNamingAuthorizationAndOversizedValuesAreRefused() {
        // Any profile key is kept, as in Supabase.
        Http.Response ok = auth.signUpRaw(Map.of("email", AuthTestClient.email("x"), "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "A", "favourite_colour", "red", "display_name", "Ada")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user").get("user_metadata").get("favourite_colour").asString()).isEqualTo("red");
        for (String key : new String[] {"Role", "org-id", "app_metadata", "isAdmin"}) {
            assertThat(auth.signUpRaw(Map.of("email", AuthTestClient.email("x"), "password", AuthTestClient.PASSWORD,
                    "data", Map.of("org_name", "A", key, "x"))).status()).as(key).isEqualTo(400);
        }
        assertThat(auth.signUpRaw(Map.of("email", AuthTestClient.email("x"), "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "A", "bio", "x".repeat(17_000)))).status()).isEqualTo(400);
        assertThat(auth.signUpRaw(Map.of("email", AuthTestClient.email("x"), "password", AuthTestClient.PASSWORD,
                "data", Map.of("org_name", "A", "a", Map.of("b", Map.of("c", Map.of("d", Map.of())))))).status())
                .isEqualTo(400);
        assertThat(auth.signUpRaw(Map.of("email", AuthTestClient.email("x"), "password", AuthTestClient.PASSWORD,
                "data", Map.of())).status()).as("neither org_name nor invite_token").isEqualTo(400);
    }

    @Test
    void supabaseRequestFieldsAreAcceptedAndOtherUnknownFieldsRefused() {
        String body = """
                {"email":"%s","password":"%s","data":{"org_name":"Fields"},"gotrue_meta_security":{},
                 "code_challenge":null,"code_challenge_method":null,"channel":null,"phone":null,
                 "current_password":null,"nonce":null}""".formatted(AuthTestClient.email("fields"), AuthTestClient.PASSWORD);
        assertThat(auth.signUpRaw(body).status()).isEqualTo(200);

        Http.Response unknown = auth.signUpRaw("""
                {"email":"%s","password":"%s","data":{"org_name":"Fields"},"role":"admin"}"""
                .formatted(AuthTestClient.email("fields"), AuthTestClient.PASSWORD));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error_code").asString()).isEqualTo("validation_failed");
        assertThat(unknown.json().get("msg").asString()).contains("role");
    }

    @Test
    void badInputIsNeverA500() {
        assertThat(auth.signUpRaw("{not json").json().get("error_code").asString()).isEqualTo("bad_json");
        assertThat(auth.signUpRaw("").status()).isEqualTo(400);
        assertThat(auth.signUpRaw("[1,2]").status()).isEqualTo(400);
        assertThat(auth.signUpRaw("{\"email\":123,\"password\":true,\"data\":\"x\"}").status()).isEqualTo(400);
        assertThat(auth.signUpRaw("{\"email\":\"not-an-email\",\"password\":\"Glacier-Pencil-Orbit-42\",\"data\":{\"org_name\":\"x\"}}")
                .json().get("error_code").asString()).isEqualTo("validation_failed");
        Http.Response form = auth.http.send(auth.http.request("/auth/v1/signup")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("email=a@b.c")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("error_code").asString()).isEqualTo("validation_failed");
    }

    // ----- invitations -----------------------------------------------------------------------------

    private record Invite(UUID id, String token) {
    }

    private Invite invite(UUID org, String email, String role, Instant expiresAt) {
        String token = RefreshTokens.generate();
        UUID id = UUID.randomUUID();
        // Sent by an active admin of the org: an invitation from anyone else is refused (InvitationRevocationTest).
        UUID inviter = fixtures.user(org, "admin").id();
        Fixtures.exec("insert into auth.invitations (id, org_id, email, role, token_hash, created_by, expires_at) values (?, ?, ?, ?, ?, ?, ?)",
                id, org, email, role, RefreshTokens.sha256(token), inviter, java.sql.Timestamp.from(expiresAt));
        return new Invite(id, token);
    }

    private UUID newOrg() {
        UUID org = fixtures.createOrg("Inviting org");
        auth.remember(org);
        return org;
    }

    private Http.Response joinWith(String email, Invite invite, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>(extra);
        data.put("invite_token", invite.token());
        return auth.signUpRaw(Map.of("email", email, "password", AuthTestClient.PASSWORD, "data", data));
    }

    private Object usedAt(Invite i) {
        return AuthTestClient.scalar("select used_at from auth.invitations where id = ?", i.id());
    }

    @Test
    void anInvitationJoinsTheInvitingOrgWithItsRoleOnceOnly() {
        UUID org = newOrg();
        String email = AuthTestClient.email("Agent");
        Invite inv = invite(org, email, "agent", Instant.now().plusSeconds(3600));

        Http.Response r = joinWith(email.toUpperCase(), inv, Map.of("full_name", "Invited Agent"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode app = r.json().get("user").get("app_metadata");
        assertThat(app.get("org_id").asString()).isEqualTo(org.toString());
        assertThat(app.get("role").asString()).isEqualTo("agent");
        assertThat(usedAt(inv)).isNotNull();
        assertThat(AuthTestClient.scalar("select used_by from auth.invitations where id = ?", inv.id()).toString())
                .isEqualTo(r.json().get("user").get("id").asString());
        assertThat(AuthTestClient.audit("org_id = ? and action = 'sign_up'", org)).hasSize(1);

        Http.Response again = joinWith(AuthTestClient.email("other"), inv, Map.of());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error_code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void anInvitationIsRefusedForAnotherEmailOrAfterItExpired() {
        UUID org = newOrg();
        String email = AuthTestClient.email("invitee");
        Invite inv = invite(org, email, "user", Instant.now().plusSeconds(3600));
        Http.Response wrongEmail = joinWith(AuthTestClient.email("intruder"), inv, Map.of());
        assertThat(wrongEmail.status()).isEqualTo(400);
        assertThat(usedAt(inv)).isNull();

        Invite expired = invite(org, AuthTestClient.email("late"), "user", Instant.now().minusSeconds(1));
        Http.Response late = joinWith(AuthTestClient.email("late"), expired, Map.of());
        assertThat(late.status()).isEqualTo(400);
        assertThat(AuthTestClient.scalar("select count(*) from auth.users where org_id = ? and role <> 'admin'", org)).isEqualTo(0L);

        assertThat(joinWith(email, inv, Map.of()).status()).as("still usable by the invited email").isEqualTo(200);
    }

    @Test
    void smugglingARoleThroughDataIsRefusedAndLeavesTheInvitationUsable() {
        UUID org = newOrg();
        String email = AuthTestClient.email("smuggler");
        Invite inv = invite(org, email, "user", Instant.now().plusSeconds(3600));

        for (Map<String, Object> extra : java.util.List.<Map<String, Object>>of(Map.of("role", "admin"),
                Map.of("org_id", UUID.randomUUID().toString()), Map.of("app_metadata", Map.of("role", "admin")),
                Map.of("is_admin", true), Map.of("org_name", "Own org"))) {
            Http.Response r = joinWith(email, inv, extra);
            assertThat(r.status()).as(extra.toString()).isEqualTo(400);
            assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
            assertThat(usedAt(inv)).isNull();
        }
        Http.Response ok = joinWith(email, inv, Map.of());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user").get("app_metadata").get("role").asString()).isEqualTo("user");
        assertThat(AuthTestClient.scalar("select role from auth.users where lower(email) = lower(?)", email)).isEqualTo("user");
    }
}
