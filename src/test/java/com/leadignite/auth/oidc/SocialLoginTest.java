package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.AuthorizationServerStandIn;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Social login against {@link MintingProvider}: what the service sends the provider, the state and its
 * browser binding, every way an ID token can be wrong, the single-use PKCE-bound auth code, the linking
 * rules and the redirect allow-list.
 */
class SocialLoginTest extends SocialLoginTestBase {

    private final MintingProvider mint = MintingProvider.get();

    /** Runs authorize and callback with the ID token {@code token(nonce)}; returns the callback's answer. */
    private Http.Response signIn(Pkce pkce, Function<String, JWTClaimsSet> claims) {
        Started s = authorize("mint", APP + "/done", pkce);
        mint.answerWith(MintingProvider.KEY, claims.apply(s.nonce()));
        return callback("code=provider-code-1&state=" + s.state(), s.cookie());
    }

    private static Map<String, String> back(Http.Response callback) {
        assertThat(callback.status()).as(callback.body()).isEqualTo(302);
        return query(URI.create(callback.header("Location")));
    }

    private Http.Response signInAndExchange(String sub, String email, boolean verified) {
        Pkce pkce = Pkce.fresh();
        Map<String, String> q = back(signIn(pkce, nonce -> mint.claims(sub, nonce, email, verified).build()));
        assertThat(q).as("callback answer").containsKey("code");
        Http.Response session = exchange(q.get("code"), pkce.verifier());
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        return session;
    }

    @Test
    void aNewVerifiedAddressSignsUpAsAdminOfANewOrgAndGetsAnOAuthSession() {
        String email = email("new");
        Pkce pkce = Pkce.fresh();
        Started s = authorize("mint", APP + "/done?x=1", pkce);
        // Towards the provider: our own nonce and PKCE, the client id, our callback, the configured scopes.
        assertThat(s.location().toString()).startsWith(mint.issuer() + "/authorize?");
        assertThat(s.query()).containsEntry("response_type", "code").containsEntry("client_id", MintingProvider.CLIENT_ID)
                .containsEntry("redirect_uri", AuthorizationServerStandIn.PUBLIC_BASE_URL + "/auth/v1/callback")
                .containsEntry("scope", "openid email").containsEntry("code_challenge_method", "S256");
        assertThat(s.query().get("code_challenge")).isNotEqualTo(pkce.challenge()).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.nonce()).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.response().header("Set-Cookie")).contains("HttpOnly").contains("Secure").contains("SameSite=Lax")
                .contains("Path=/auth/v1/callback").contains("Max-Age=600").startsWith(SocialLoginService.COOKIE + "=");
        assertThat(s.response().header("Cache-Control")).contains("no-store");

        mint.tokenRequests().clear();
        mint.answerWith(MintingProvider.KEY, mint.claims("sub-" + UUID.randomUUID(), s.nonce(), email, true).build());
        Http.Response cb = callback("code=provider-code-1&state=" + s.state(), s.cookie());
        assertThat(cb.status()).isEqualTo(302);
        String location = cb.header("Location");
        assertThat(location).startsWith(APP + "/done?x=1&code=");
        assertThat(cb.header("Set-Cookie")).contains("Max-Age=0");
        // The code exchange: our verifier of the challenge we sent, the secret in the body as discovery asks.
        Map<String, String> form = mint.tokenRequests().get(0);
        assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", "provider-code-1")
                .containsEntry("client_id", MintingProvider.CLIENT_ID).containsEntry("client_secret", MintingProvider.CLIENT_SECRET)
                .containsEntry("redirect_uri", AuthorizationServerStandIn.PUBLIC_BASE_URL + "/auth/v1/callback");
        assertThat(s256(form.get("code_verifier"))).isEqualTo(s.query().get("code_challenge"));

        String code = query(URI.create(location)).get("code");
        Http.Response session = exchange(code, pkce.verifier());
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        UUID org = track(session);
        JsonNode user = session.json().get("user");
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("app_metadata").get("role").asString()).isEqualTo("admin");
        assertThat(user.get("app_metadata").get("provider").asString()).isEqualTo("mint");
        assertThat(user.get("identities").get(0).get("provider").asString()).isEqualTo("mint");
        JsonNode claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(
                session.json().get("access_token").asString().split("\\.")[1]));
        assertThat(claims.get("amr").get(0).get("method").asString()).isEqualTo("oauth");
        assertThat(claims.get("amr")).hasSize(1);
        // The token names the provider the user object names: both read the user's row.
        assertThat(claims.get("app_metadata").get("provider").asString()).isEqualTo("mint");
        assertThat(claims.get("app_metadata").get("providers").get(0).asString()).isEqualTo("mint");
        assertThat(auditCount(org, "social_sign_up")).isEqualTo(1);

        // It is a session like any other: the user endpoint, a refresh that keeps the oauth amr, logout.
        String bearer = "Bearer " + session.json().get("access_token").asString();
        assertThat(http.get("/auth/v1/user", "Authorization", bearer).status()).isEqualTo(200);
        Http.Response refreshed = http.post("/auth/v1/token?grant_type=refresh_token",
                Map.of("refresh_token", session.json().get("refresh_token").asString()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        JsonNode refreshedClaims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(
                refreshed.json().get("access_token").asString().split("\\.")[1]));
        assertThat(refreshedClaims.get("amr").get(0).get("method").asString()).isEqualTo("oauth");
        assertThat(refreshedClaims.get("app_metadata").get("provider").asString()).isEqualTo("mint");
        assertThat(refreshedClaims.get("amr").get(0).get("timestamp").asLong())
                .isEqualTo(claims.get("amr").get(0).get("timestamp").asLong());
        assertThat(http.post("/auth/v1/logout?scope=global", "",
                "Authorization", "Bearer " + refreshed.json().get("access_token").asString()).status()).isEqualTo(204);
    }

    @Test
    void theProviderListNamesTheConfiguredProvidersAndNothingOfTheirSettings() {
        for (String path : new String[] {"/auth/v1/providers", "/auth/v1/providers?x=1"}) {
            Http.Response r = http.get(path, "Authorization", "Bearer not-a-token");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().properties()).hasSize(1);
            assertThat(r.json().get("providers").values().stream().map(JsonNode::asString).toList())
                    .containsExactly("mint", "sas");
            assertThat(r.body()).doesNotContain(MintingProvider.CLIENT_ID).doesNotContain(MintingProvider.CLIENT_SECRET)
                    .doesNotContain(AuthorizationServerStandIn.CLIENT_SECRET).doesNotContain("127.0.0.1");
        }
        assertThat(http.post("/auth/v1/providers", "{}").status()).isEqualTo(405);
    }

    @Test
    void theSameProviderAccountSignsInAgainToTheSameUser() {
        String sub = "sub-" + UUID.randomUUID();
        String email = email("again");
        Http.Response first = signInAndExchange(sub, email, true);
        UUID org = track(first);
        Http.Response second = signInAndExchange(sub, email, true);
        assertThat(second.json().get("user").get("id").asString()).isEqualTo(first.json().get("user").get("id").asString());
        assertThat(auditCount(org, "social_sign_in")).isEqualTo(1);
    }

    // ---- state ---------------------------------------------------------------------------------------

    @Test
    void aStateIsUsedOnceEvenWhenTheFirstCallbackFails() {
        Pkce pkce = Pkce.fresh();
        Started s = authorize("mint", APP, pkce);
        mint.answerWith(MintingProvider.KEY, mint.claims("sub-" + UUID.randomUUID(), "another-nonce", email("replay"), true).build());
        assertThat(back(callback("code=c1&state=" + s.state(), s.cookie()))).containsKey("error");
        Http.Response replay = callback("code=c1&state=" + s.state(), s.cookie());
        assertBadState(replay);
    }

    @Test
    void aStateIsUsedOnceAfterASuccess() {
        Pkce pkce = Pkce.fresh();
        Started s = authorize("mint", APP, pkce);
        String email = email("once");
        mint.answerWith(MintingProvider.KEY, mint.claims("sub-" + UUID.randomUUID(), s.nonce(), email, true).build());
        Map<String, String> q = back(callback("code=c1&state=" + s.state(), s.cookie()));
        track(exchange(q.get("code"), pkce.verifier()));
        assertBadState(callback("code=c1&state=" + s.state(), s.cookie()));
    }

    @Test
    void anotherBrowserCannotFinishTheSignIn() {
        Pkce pkce = Pkce.fresh();
        Started victim = authorize("mint", APP, pkce);
        Started attacker = authorize("mint", APP, pkce);
        mint.answerWith(MintingProvider.KEY, mint.claims("sub-" + UUID.randomUUID(), victim.nonce(), email("csrf"), true).build());
        assertBadState(callback("code=c1&state=" + victim.state(), null));
        Started again = authorize("mint", APP, pkce);
        assertBadState(callback("code=c1&state=" + again.state(), attacker.cookie()));
        assertBadState(callback("code=c1&state=" + again.state(), SocialLoginService.COOKIE + "=garbage"));
    }

    @Test
    void anExpiredStateGoesBackWithAnError() {
        Pkce pkce = Pkce.fresh();
        Started s = authorize("mint", APP, pkce);
        Fixtures.exec("update auth.oidc_flow_states set expires_at = now() - interval '1 second'");
        Map<String, String> q = back(callback("code=c1&state=" + s.state(), s.cookie()));
        assertThat(q).containsEntry("error_code", "flow_state_expired").doesNotContainKey("code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "state=", "state=short", "state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "state=%00", "state=%ED%A0%80", "state=a&state=b"})
    void malformedOrUnknownStatesAreRefusedWithoutARedirect(String query) {
        Http.Response r = callback("code=c1&" + query, SocialLoginService.COOKIE + "=x");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        // A parameter that is not UTF-8 text is refused before it reaches the handler.
        assertThat(r.json().get("error_code").asString()).isIn("bad_oauth_state", "validation_failed");
        assertThat(r.header("Location")).isNull();
    }

    private static void assertBadState(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error_code").asString()).isEqualTo("bad_oauth_state");
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void aProviderErrorGoesBackWithoutReflectingItsText() {
        Started s = authorize("mint", APP, Pkce.fresh());
        Map<String, String> q = back(callback("error=%3Cscript%3E&error_description=evil&state=" + s.state(), s.cookie()));
        assertThat(q).containsEntry("error", "server_error").containsEntry("error_code", "bad_oauth_callback");
        assertThat(q.get("error_description")).doesNotContain("evil").doesNotContain("script");
    }

    @Test
    void callbacksWaitingForASlowProviderHoldNoDatabaseConnection() throws Exception {
        int callbacks = 14; // more than the pool's 10 connections
        java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<Started> started = new java.util.ArrayList<>();
        for (int i = 0; i < callbacks; i++) {
            Started s = authorize("mint", APP, Pkce.fresh());
            started.add(s);
            tokens.put("slow-" + i, MintingProvider.sign(MintingProvider.KEY,
                    mint.claims("slow-" + UUID.randomUUID(), s.nonce(), email("slow"), true).build()));
        }
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(callbacks);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        mint.answerTokenRequests(form -> {
            arrived.countDown();
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"id_token\":\"" + tokens.get(form.get("code")) + "\"}";
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callbacks);
        try {
            java.util.List<java.util.concurrent.Future<Http.Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callbacks; i++) {
                Started s = started.get(i);
                String query = "code=slow-" + i + "&state=" + s.state();
                answers.add(pool.submit(() -> callback(query, s.cookie())));
            }
            assertThat(arrived.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // Every callback is now waiting for the provider; the database must still serve others at once.
            long begin = System.nanoTime();
            Http.Response other = http.post("/auth/v1/token?grant_type=password",
                    Map.of("email", email("bystander"), "password", "Wrong-password-1"));
            assertThat(other.status()).as(other.body()).isEqualTo(400);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - begin)).isLessThan(java.time.Duration.ofSeconds(10));
            release.countDown();
            for (java.util.concurrent.Future<Http.Response> f : answers) {
                Map<String, String> q = back(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                assertThat(q).containsKey("code");
                Fixtures.exec("delete from auth.oidc_auth_codes where code_hash = sha256(convert_to(?, 'UTF8'))", q.get("code"));
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
            String slowOrgs = queryString("select coalesce(string_agg(org_id::text, ','), '') from auth.users"
                    + " where email like 'slow-%@social.example.test'");
            for (String org : slowOrgs.split(",")) {
                if (!org.isEmpty()) {
                    orgs.add(UUID.fromString(org));
                }
            }
        }
    }

    // ---- the ID token --------------------------------------------------------------------------------

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", "not-" + nonce, email("nonce"), true).build()));
    }

    @Test
    void anIdTokenWithoutNonceIsRefused() {
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", null, email("nonce"), true).claim("nonce", null).build()));
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() {
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", nonce, email("aud"), true).audience("someone-else").build()));
        // Several audiences need azp = our client id.
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", nonce, email("aud"), true)
                .audience(java.util.List.of(MintingProvider.CLIENT_ID, "someone-else")).claim("azp", "someone-else").build()));
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", nonce, email("exp"), true)
                .expirationTime(new Date(System.currentTimeMillis() - 600_000)).build()));
    }

    @Test
    void anIdTokenOfAnotherIssuerIsRefused() {
        assertRefused(signIn(Pkce.fresh(), nonce -> mint.claims("s", nonce, email("iss"), true)
                .issuer(mint.issuer() + "x").build()));
    }

    @Test
    void anIdTokenSignedByAnUnknownKeyIsRefused() {
        Started s = authorize("mint", APP, Pkce.fresh());
        mint.answerWith(MintingProvider.STRANGER, mint.claims("s", s.nonce(), email("key"), true).build());
        assertRefused(callback("code=c&state=" + s.state(), s.cookie()));
    }

    @Test
    void unsignedAndSecretSignedIdTokensAreRefused() throws Exception {
        Started s = authorize("mint", APP, Pkce.fresh());
        JWTClaimsSet claims = mint.claims("s", s.nonce(), email("alg"), true).build();
        String none = new PlainJWT(claims).serialize();
        mint.answerTokenRequests(form -> "{\"id_token\":\"" + none + "\"}");
        assertRefused(callback("code=c&state=" + s.state(), s.cookie()));

        Started s2 = authorize("mint", APP, Pkce.fresh());
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(MintingProvider.KEY.getKeyID()).build(),
                mint.claims("s", s2.nonce(), email("alg"), true).build());
        hs.sign(new MACSigner((MintingProvider.CLIENT_SECRET + MintingProvider.CLIENT_SECRET).getBytes()));
        mint.answerTokenRequests(form -> "{\"id_token\":\"" + hs.serialize() + "\"}");
        assertRefused(callback("code=c&state=" + s2.state(), s2.cookie()));
    }

    @Test
    void aTokenAnswerWithoutIdTokenOrNotJsonIsRefused() {
        Started s = authorize("mint", APP, Pkce.fresh());
        mint.answerTokenRequests(form -> "{\"access_token\":\"x\"}");
        assertRefused(callback("code=c&state=" + s.state(), s.cookie()));
        Started s2 = authorize("mint", APP, Pkce.fresh());
        mint.answerTokenRequests(form -> "not json");
        assertRefused(callback("code=c&state=" + s2.state(), s2.cookie()));
        Started s3 = authorize("mint", APP, Pkce.fresh());
        mint.answerTokenRequests(form -> "{\"id_token\":\"" + "a".repeat(300_000) + "\"}");
        assertRefused(callback("code=c&state=" + s3.state(), s3.cookie()));
    }

    private static void assertRefused(Http.Response callback) {
        Map<String, String> q = back(callback);
        assertThat(callback.header("Location")).startsWith(APP);
        assertThat(q).containsKey("error").doesNotContainKey("code");
        assertThat(callback.header("Location")).doesNotContain("eyJ");
    }

    // ---- the auth code (grant_type=pkce) -------------------------------------------------------------

    @Test
    void theAuthCodeNeedsTheVerifierOfTheClientsChallengeAndWorksOnce() {
        Pkce pkce = Pkce.fresh();
        String email = email("pkce");
        Map<String, String> q = back(signIn(pkce, nonce -> mint.claims("sub-" + UUID.randomUUID(), nonce, email, true).build()));
        Http.Response wrong = exchange(q.get("code"), Pkce.fresh().verifier());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error_code").asString()).isEqualTo("bad_code_verifier");
        // A wrong verifier used the code up: the right one now finds nothing.
        Http.Response afterWrong = exchange(q.get("code"), pkce.verifier());
        assertThat(afterWrong.status()).isEqualTo(404);
        assertThat(afterWrong.json().get("error_code").asString()).isEqualTo("flow_state_not_found");

        Pkce pkce2 = Pkce.fresh();
        Map<String, String> q2 = back(signIn(pkce2, nonce -> mint.claims("sub-" + UUID.randomUUID(), nonce, email("pkce2"), true).build()));
        Http.Response ok = exchange(q2.get("code"), pkce2.verifier());
        assertThat(ok.status()).isEqualTo(200);
        track(ok);
        Http.Response replay = exchange(q2.get("code"), pkce2.verifier());
        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.json().get("error_code").asString()).isEqualTo("flow_state_not_found");
    }

    @Test
    void anExpiredAuthCodeIsRefused() {
        Pkce pkce = Pkce.fresh();
        String email = email("late");
        Map<String, String> q = back(signIn(pkce, nonce -> mint.claims("sub-" + UUID.randomUUID(), nonce, email, true).build()));
        Fixtures.exec("update auth.oidc_auth_codes set expires_at = now() - interval '1 second'"
                + " where user_id = (select id from auth.users where email = ?)", email);
        Http.Response late = exchange(q.get("code"), pkce.verifier());
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.json().get("error_code").asString()).isEqualTo("flow_state_expired");
        orgs.add(orgOf(email));
    }

    @Test
    void malformedExchangesAreClearFourHundreds() {
        assertThat(http.post("/auth/v1/token?grant_type=pkce", Map.of()).status()).isEqualTo(400);
        assertThat(exchange("x", "short").status()).isEqualTo(400);
        assertThat(exchange("nope", "v".repeat(50)).status()).isEqualTo(404);
        assertThat(http.post("/auth/v1/token?grant_type=pkce", "{\"auth_code\":1,\"code_verifier\":[]}").status()).isEqualTo(400);
        assertThat(exchange("a".repeat(43), "v\u0000".repeat(30)).status()).isEqualTo(400);
        assertThat(exchange("a".repeat(43), "\ud800".repeat(50)).status()).isEqualTo(400);
    }

    // ---- authorize -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "provider=mint&code_challenge=CHALLENGE&code_challenge_method=plain",
            "provider=mint&code_challenge=CHALLENGE",
            "provider=mint&code_challenge_method=s256",
            "provider=mint",
            "provider=mint&code_challenge=short&code_challenge_method=s256",
            "provider=google&code_challenge=CHALLENGE&code_challenge_method=s256",
            "provider=&code_challenge=CHALLENGE&code_challenge_method=s256",
            "code_challenge=CHALLENGE&code_challenge_method=s256",
            "provider=mint%00&code_challenge=CHALLENGE&code_challenge_method=s256",
            "provider=mint&provider=sas&code_challenge=CHALLENGE&code_challenge_method=s256"})
    void authorizeRefusesWithoutPkceS256OrAKnownProvider(String query) {
        Http.Response r = http.get("/auth/v1/authorize?" + query.replace("CHALLENGE", Pkce.fresh().challenge()));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
        assertThat(r.header("Set-Cookie")).isNull();
    }

    @Test
    void theMethodIsComparedWithoutRegardToCase() {
        for (String method : new String[] {"s256", "S256"}) {
            Http.Response r = http.get("/auth/v1/authorize?provider=MINT&code_challenge=" + Pkce.fresh().challenge()
                    + "&code_challenge_method=" + method);
            assertThat(r.status()).isEqualTo(302);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/auth",
            "//evil.example/auth",
            "https://app.example.test@evil.example/auth",
            "https://app.example.test.evil.example/auth",
            "https://app.example.test/auth/%2f%2fevil.example",
            "https://app.example.test/auth/..%2f..%2fadmin",
            "https://app.example.test\\@evil.example/auth",
            "https:\\\\evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt://app.example.test/auth/%0aalert(1)",
            "HTTPS://EVIL.EXAMPLE/auth",
            "http://app.example.test/auth",
            "https://app.example.test/authx",
            "/auth/v1/user"})
    void everyOtherRedirectFallsBackToThePublicBaseUrl(String target) {
        Started s = authorize("mint", target, Pkce.fresh());
        Http.Response cb = callback("error=access_denied&state=" + s.state(), s.cookie());
        assertThat(cb.header("Location")).startsWith(AuthorizationServerStandIn.PUBLIC_BASE_URL + "?error=access_denied");
    }

    @Test
    void anAllowListedRedirectIsKeptCaseInsensitivelyForTheHost() {
        Started s = authorize("mint", "https://APP.example.test/auth/cb#frag", Pkce.fresh());
        Http.Response cb = callback("error=access_denied&state=" + s.state(), s.cookie());
        assertThat(cb.header("Location")).startsWith("https://APP.example.test/auth/cb?error=access_denied").endsWith("#frag");
    }

    // ---- linking -------------------------------------------------------------------------------------

    @Test
    void anUnverifiedProviderAddressNeverMergesIntoAnExistingAccount() {
        String email = email("victim");
        UUID victim = provenAccount(email);
        Map<String, String> q = back(signIn(Pkce.fresh(), nonce -> mint.claims("attacker-" + UUID.randomUUID(), nonce, email, false).build()));
        assertThat(q).containsEntry("error_code", "email_exists").doesNotContainKey("code");
        assertThat(identities(victim)).isEqualTo(1);
    }

    @Test
    void aVerifiedAddressNeverMergesIntoAnUnconfirmedAccountButSetsItAside() {
        String email = email("squatter");
        Http.Response signUp = http.post("/auth/v1/signup", Map.of("email", email, "password", "Squat-" + UUID.randomUUID(),
                "data", Map.of("org_name", "squat")));
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(200);
        UUID squatterOrg = UUID.fromString(signUp.json().get("user").get("app_metadata").get("org_id").asString());
        orgs.add(squatterOrg);
        UUID squatter = UUID.fromString(signUp.json().get("user").get("id").asString());
        Http.Response owner = signInAndExchange("owner-" + UUID.randomUUID(), email, true);
        track(owner);
        assertThat(owner.json().get("user").get("id").asString()).isNotEqualTo(squatter.toString());
        assertThat(owner.json().get("user").get("app_metadata").get("org_id").asString()).isNotEqualTo(squatterOrg.toString());
        assertThat(identities(squatter)).isEqualTo(1);
        assertThat(queryString("select email from auth.users where id = ?", squatter)).endsWith("@replaced.invalid");
        assertThat(queryString("select locked_at is not null from auth.users where id = ?", squatter)).isEqualTo("t");
        assertThat(auditCount(squatterOrg, "account_replaced")).isEqualTo(1);
    }

    @Test
    void aVerifiedAddressLinksToAnAccountThatProvedIt() {
        String email = email("linked");
        UUID local = provenAccount(email);
        Http.Response session = signInAndExchange("owner-" + UUID.randomUUID(), email, true);
        assertThat(session.json().get("user").get("id").asString()).isEqualTo(local.toString());
        assertThat(identities(local)).isEqualTo(2);
        assertThat(auditCount(orgOf(email), "social_link")).isEqualTo(1);
    }

    @Test
    void aPendingInvitationIsHonouredOnlyForAVerifiedAddress() {
        UUID org = fixtures.createOrg("inviting org");
        orgs.add(org);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        String email = email("invitee");
        UUID invitation = invite(org, admin.id(), email, "agent");

        Http.Response unverified = signInAndExchange("inv-" + UUID.randomUUID(), email, false);
        UUID other = track(unverified);
        assertThat(other).isNotEqualTo(org);
        assertThat(unverified.json().get("user").get("app_metadata").get("role").asString()).isEqualTo("admin");
        fixtures.deleteOrg(other);
        orgs.remove(other);

        Http.Response verified = signInAndExchange("inv-" + UUID.randomUUID(), email, true);
        assertThat(verified.json().get("user").get("app_metadata").get("org_id").asString()).isEqualTo(org.toString());
        assertThat(verified.json().get("user").get("app_metadata").get("role").asString()).isEqualTo("agent");
        assertThat(queryString("select used_by::text from auth.invitations where id = ?", invitation))
                .isEqualTo(verified.json().get("user").get("id").asString());
    }

    @Test
    void aLockedAccountCannotSignInThroughItsProvider() {
        String sub = "locked-" + UUID.randomUUID();
        String email = email("locked");
        Http.Response first = signInAndExchange(sub, email, true);
        track(first);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?::uuid", first.json().get("user").get("id").asString());
        Map<String, String> q = back(signIn(Pkce.fresh(), nonce -> mint.claims(sub, nonce, email, true).build()));
        assertThat(q).containsEntry("error_code", "user_banned").doesNotContainKey("code");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** An account that proved its address: it joined through an invitation to that address. */
    private UUID provenAccount(String email) {
        UUID org = fixtures.createOrg("proven org");
        orgs.add(org);
        Fixtures.TestUser admin = fixtures.user(org, "admin");
        String token = "inv-" + UUID.randomUUID();
        Fixtures.exec("""
                insert into auth.invitations (org_id, email, role, token_hash, created_by, expires_at)
                values (?, ?, 'user', sha256(convert_to(?, 'UTF8')), ?, now() + interval '1 day')""", org, email, token, admin.id());
        Http.Response r = http.post("/auth/v1/signup", Map.of("email", email, "password", "Proven-" + UUID.randomUUID(),
                "data", Map.of("invite_token", token)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return UUID.fromString(r.json().get("user").get("id").asString());
    }

    private UUID invite(UUID org, UUID admin, String email, String role) {
        UUID id = UUID.randomUUID();
        Fixtures.exec("""
                insert into auth.invitations (id, org_id, email, role, token_hash, created_by, expires_at)
                values (?, ?, ?, ?, sha256(convert_to(?, 'UTF8')), ?, now() + interval '1 day')""",
                id, org, email, role, "t-" + id, admin);
        return id;
    }

    private static int identities(UUID user) {
        return Integer.parseInt(queryString("select count(*)::text from auth.identities where user_id = ?", user));
    }

    private static int auditCount(UUID org, String action) {
        return Integer.parseInt(queryString(
                "select count(*)::text from public.audit_events where org_id = ? and action = ?", org, action));
    }

    private static UUID orgOf(String email) {
        return UUID.fromString(queryString("select org_id::text from auth.users where email = ?", email));
    }
}
