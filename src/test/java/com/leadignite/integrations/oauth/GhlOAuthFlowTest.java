package com.leadignite.integrations.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.IntegrationRepository;
import com.leadignite.integrations.IntegrationService;
import com.leadignite.integrations.StandInGhl;
import com.leadignite.integrations.StandInProviders;
import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.integrations.outbound.ProviderFailure;
import com.leadignite.integrations.providers.ElevenLabsApi;
import com.leadignite.integrations.providers.GhlApi;
import com.leadignite.integrations.providers.VapiApi;
import com.leadignite.integrations.vault.CredentialVault;
import com.leadignite.security.authz.Authorization;
import com.leadignite.integrations.vault.Credential;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.LogCapture;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole GoHighLevel authorization-code flow against a stand-in authorization server on loopback:
 * PKCE S256, single-use state bound to user, org and session, token exchange, refresh before expiry and
 * once on a 401, revocation on disconnect; the client secret never leaves towards anyone but the token
 * and revocation endpoints.
 */
class GhlOAuthFlowTest extends TwoOrgTest {

    static final String BASE = "/api/v1/integrations";
    final StandInProviders standIn = StandInProviders.get();
    StandInGhl ghl;
    LogCapture logs;

    @Autowired
    IntegrationService integrations;
    @Autowired
    GhlApi ghlApi;
    @Autowired
    OutboundClient outbound;
    @Autowired
    IntegrationRepository repo;
    @Autowired
    CredentialVault vault;
    @Autowired
    Database db;
    @Autowired
    AuditWriter auditWriter;
    @Autowired
    Clock clock;
    @Autowired
    IntegrationProperties props;
    @Autowired
    VapiApi vapi;
    @Autowired
    ElevenLabsApi elevenLabs;
    @Autowired
    Authorization authorization;

    @BeforeEach
    void provider() {
        standIn.reset();
        ghl = new StandInGhl(standIn);
        logs = LogCapture.attachTo((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ROOT"));
    }

    @AfterEach
    void resetProvider() {
        logs.detach();
        standIn.reset();
        for (IntegrationProvider p : IntegrationProvider.values()) {
            outbound.breaker(p).reset();
        }
    }

    URI connect(Fixtures.TestUser who) {
        Http.Response r = http.post(BASE + "/ghl/connect", null, "Authorization", who.bearer());
        assertThat(r.status()).isEqualTo(200);
        return URI.create(r.json().get("authorization_url").asString());
    }

    Http.Response callback(Fixtures.TestUser who, String code, String state) {
        return callback(who.bearer(), code, state);
    }

    Http.Response callback(String bearer, String code, String state) {
        return http.get(BASE + "/ghl/callback?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8), "Authorization", bearer);
    }

    static String state(URI url) {
        return StandInProviders.parse(url.getRawQuery()).get("state");
    }

    @Test
    void anAdminConnectsAndTheClientSecretStaysServerSide() {
        URI url = connect(admin);
        Map<String, String> q = StandInProviders.parse(url.getRawQuery());
        assertThat(url.toString()).startsWith(standIn.base() + "/ghl/oauth/chooselocation?");
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", StandInProviders.Registrar.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "contacts.readonly")
                .containsKey("code_challenge");
        assertThat(q.get("redirect_uri")).endsWith(BASE + "/ghl/callback");
        assertThat(q.get("state")).hasSize(43);
        assertThat(q.get("code_challenge")).hasSize(43);
        assertThat(url.toString()).doesNotContain(StandInProviders.Registrar.CLIENT_SECRET);

        Http.Response done = callback(admin, ghl.approve(url), q.get("state"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("connected").asBoolean()).isTrue();
        assertThat(done.json().get("scopes").get(0).asString()).isEqualTo("contacts.readonly");
        assertThat(done.json().get("expires_at").isNull()).isFalse();

        // the token request carried the verifier of that challenge and the secret, in the body only
        StandInProviders.Received token = standIn.received("POST /ghl/oauth/token").get(0);
        assertThat(Pkce.challenge(token.form().get("code_verifier"))).isEqualTo(q.get("code_challenge"));
        assertThat(token.form()).containsEntry("client_secret", StandInProviders.Registrar.CLIENT_SECRET);
        assertThat(token.query()).isEmpty();

        String everything = done.body() + http.get(BASE, "Authorization", admin.bearer()).body() + audit(org)
                + logs.snapshot().stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
        assertThat(everything).doesNotContain(StandInProviders.Registrar.CLIENT_SECRET);
        for (String t : ghl.accessTokens.keySet()) {
            assertThat(everything).doesNotContain(t);
        }
        assertThat(audit(org)).contains("connect_start").contains("connect integration").contains("token_exchange");

        // the state was single use
        Http.Response again = callback(admin, ghl.approve(url), q.get("state"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("type").asString()).endsWith("/oauth-authorization-failed");
        assertThat(standIn.received("POST /ghl/oauth/token")).hasSize(1);
    }

    @Test
    void anotherUsersStateDoesNotWorkAndStaysTheirs() {
        URI url = connect(admin);
        Fixtures.TestUser otherAdminSameOrg = fixtures.user(org, "admin");
        assertThat(callback(otherAdminSameOrg, ghl.approve(url), state(url)).status()).isEqualTo(400);
        assertThat(callback(otherAdmin, ghl.approve(url), state(url)).status()).isEqualTo(400);
        assertThat(standIn.received("POST /ghl/oauth/token")).isEmpty();
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(200);
        assertThat(audit(org)).contains("unknown_state");
    }

    @Test
    void theSameUserInAnotherSessionCannotUseTheStateAndBurnsIt() {
        URI url = connect(admin);
        UUID session = fixtures.newSession(admin.id());
        String otherSession = "Bearer " + fixtures.token(admin.id(), org, "admin", admin.email(), session, Instant.now());
        assertThat(callback(otherSession, ghl.approve(url), state(url)).status()).isEqualTo(400);
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).as("a state presented once is gone").isEqualTo(400);
        assertThat(audit(org)).contains("other_session");
        assertThat(standIn.received("POST /ghl/oauth/token")).isEmpty();
    }

    @Test
    void aCodeIssuedForAnotherChallengeIsRefused() {
        URI url = connect(admin);
        String redirect = StandInProviders.parse(url.getRawQuery()).get("redirect_uri");
        Http.Response r = callback(admin, ghl.codeForAnotherChallenge(redirect), state(url));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("invalid_grant");
        assertThat(http.get(BASE, "Authorization", admin.bearer()).json().get("items").get(0).get("connected").asBoolean()).isFalse();
        assertThat(audit(org)).contains("code_refused");
    }

    @Test
    void expiredMalformedAndDeniedAuthorizationsAre400s() {
        URI url = connect(admin);
        Fixtures.exec("update public.integration_oauth_states set expires_at = now() - interval '1 second' where user_id = ?", admin.id());
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(400);
        for (String bad : new String[] {"", "x", state(url) + "A", "%00" + state(url).substring(3), state(url).replace('A', '\u00e9')}) {
            assertThat(http.get(BASE + "/ghl/callback?code=c&state=" + bad, "Authorization", admin.bearer()).status())
                    .as(bad).isEqualTo(400);
        }
        URI second = connect(admin);
        assertThat(http.get(BASE + "/ghl/callback?error=access_denied&state=" + state(second), "Authorization", admin.bearer())
                .status()).isEqualTo(400);
        URI third = connect(admin);
        assertThat(http.get(BASE + "/ghl/callback?state=" + state(third) + "&code=" + "c".repeat(5000),
                "Authorization", admin.bearer()).status()).isIn(400, 414, 431);
        assertThat(standIn.received("POST /ghl/oauth/token")).isEmpty();
        assertThat(http.get(BASE + "/ghl/callback?code=c&state=" + state(third), "Authorization", agent.bearer()).status())
                .isEqualTo(403);
    }

    @Test
    void tokensAreRefreshedBeforeExpiryAndOnceOnA401AndRevokedOnDisconnect() {
        ghl.expiresIn = 60; // inside the 2-minute refresh margin
        URI url = connect(admin);
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(200);
        standIn.on("GET /ghl/contacts", (r, ex) -> StandInProviders.send(ex, ghl.validAccessToken(r.header("Authorization")) ? 200 : 401,
                "{\"contacts\":[],\"meta\":{\"total\":0}}", Map.of()));

        contacts();
        assertThat(ghl.refreshes.get()).as("refreshed before use").isEqualTo(1);

        ghl.expiresIn = 86399;
        contacts(); // still inside the margin from the first refresh: refreshed again, now for a day
        int before = ghl.refreshes.get();
        contacts();
        assertThat(ghl.refreshes.get()).as("a fresh token is just used").isEqualTo(before);

        ghl.accessTokens.clear(); // HighLevel revoked the access token on its side
        contacts();
        assertThat(ghl.refreshes.get()).as("one refresh after the 401").isEqualTo(before + 1);
        assertThat(http.get(BASE, "Authorization", admin.bearer()).json().get("items").get(0).get("connected").asBoolean()).isTrue();

        // rotate = refresh now
        Http.Response rotated = http.post(BASE + "/ghl/rotate", null, "Authorization", admin.bearer());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("last_rotated_at").isNull()).isFalse();
        assertThat(ghl.refreshes.get()).isEqualTo(before + 2);

        String refresh = refreshTokenInVault();
        assertThat(http.delete(BASE + "/ghl", "Authorization", admin.bearer()).status()).isEqualTo(204);
        StandInProviders.Received revoke = standIn.received("POST /ghl/oauth/revoke").get(0);
        assertThat(revoke.form()).containsEntry("token", refresh).containsEntry("token_type_hint", "refresh_token")
                .containsEntry("client_id", StandInProviders.Registrar.CLIENT_ID);
        assertThat(http.get(BASE, "Authorization", admin.bearer()).json().get("items").get(0).get("connected").asBoolean()).isFalse();
        assertThat(audit(org)).contains("\"provider_revocation\": \"revoked\"").doesNotContain(refresh);
    }

    @Test
    void twoInstancesRefreshingTheSameTokensAtOnceSpendTheRefreshTokenOnce() throws Exception {
        ghl.expiresIn = 60; // inside the refresh margin: every use refreshes first
        URI url = connect(admin);
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(200);
        ghl.expiresIn = 86399;
        // a second instance of the service: its own in-process locks, the same database
        IntegrationService otherInstance = new IntegrationService(repo, vault, db, auditWriter, clock, props, vapi,
                elevenLabs, ghlApi, authorization);
        CountDownLatch gate = new CountDownLatch(1);
        ghl.refreshGate = gate;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> tokens = new ArrayList<>();
            for (IntegrationService instance : List.of(integrations, otherInstance)) {
                tokens.add(pool.submit(() -> {
                    go.await();
                    return instance.use(org, admin.id(), IntegrationProvider.ghl, c -> ((Credential.OAuthTokens) c).accessToken());
                }));
            }
            go.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> standIn.received("POST /ghl/oauth/token").size() >= 2);
            // the first refresh is held at HighLevel; the other instance must not send its own meanwhile
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> standIn.received("POST /ghl/oauth/token").size() == 2);
            gate.countDown();
            String first = tokens.get(0).get(30, TimeUnit.SECONDS);
            String second = tokens.get(1).get(30, TimeUnit.SECONDS);
            assertThat(ghl.refreshes.get()).as("refreshes HighLevel answered").isEqualTo(1);
            assertThat(first).isEqualTo(second);
            assertThat(ghl.validAccessToken("Bearer " + first)).isTrue();
        } finally {
            gate.countDown();
            ghl.refreshGate = null;
            pool.shutdownNow();
        }
        // one exchange of the code plus one refresh
        assertThat(standIn.received("POST /ghl/oauth/token")).hasSize(2);
        assertThat(http.get(BASE, "Authorization", admin.bearer()).json().get("items").get(0).get("connected").asBoolean())
                .isTrue();
        assertThat(leaseHeld(org)).as("the lease is given back with the new tokens").isFalse();
    }

    @Test
    void aRefreshTheProviderRefusesMarksTheIntegrationRevoked() {
        URI url = connect(admin);
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(200);
        standIn.json("GET /ghl/contacts", 401, "{}");
        standIn.json("POST /ghl/oauth/token", 400, "{\"error\":\"invalid_grant\"}");
        assertThatThrownBy(this::contacts).isInstanceOf(ProviderFailure.CredentialRejected.class);
        var status = http.get(BASE, "Authorization", admin.bearer()).json().get("items").get(0);
        assertThat(status.get("connected").asBoolean()).isFalse();
        assertThat(status.get("reason").asString()).isEqualTo("revoked");
    }

    @Test
    void anOrgsTokensAreNeverUsedForAnotherOrg() {
        URI url = connect(admin);
        assertThat(callback(admin, ghl.approve(url), state(url)).status()).isEqualTo(200);
        assertThatThrownBy(() -> integrations.use(otherOrg, otherAdmin.id(), IntegrationProvider.ghl, c -> c))
                .hasMessageContaining("not connected");
        assertThat(http.get(BASE, "Authorization", otherAdmin.bearer()).json().get("items").get(0).get("connected").asBoolean())
                .isFalse();
        assertThat(http.delete(BASE + "/ghl", "Authorization", otherAdmin.bearer()).status()).isEqualTo(404);
        assertThat(standIn.received("POST /ghl/oauth/revoke")).isEmpty();
    }

    private void contacts() {
        integrations.use(org, admin.id(), IntegrationProvider.ghl, c -> {
            Credential.OAuthTokens t = (Credential.OAuthTokens) c;
            return ghlApi.contacts(org, admin.id(), t.accessToken(), t.accountId(), null, null);
        });
    }

    private String refreshTokenInVault() {
        return integrations.use(org, admin.id(), IntegrationProvider.ghl, c -> ((Credential.OAuthTokens) c).refreshToken());
    }

    static boolean leaseHeld(UUID orgId) {
        return Fixtures.single(Boolean.class,
                "select refresh_lease_until is not null from public.integrations where org_id = ? and provider = 'ghl'", orgId);
    }

    static String audit(UUID orgId) {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement(
                     "select coalesce(string_agg(action || ' ' || entity_type || ' ' || details::text, E'\\n'), '') from public.audit_events where org_id = ?")) {
            ps.setObject(1, orgId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
