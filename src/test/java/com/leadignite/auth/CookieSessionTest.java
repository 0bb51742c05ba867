package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Cookie sessions over real HTTP (API.md §7): every cookie attribute, rotation and reuse, sign-out, CSRF
 * missing / wrong / present, bearer and cookie on one request, the login-CSRF Origin check, cookies of a
 * revoked session, path variants that must not skip CSRF.
 */
@IntegrationTest
class CookieSessionTest {

    static final String ACCESS = "__Host-li-access";
    static final String REFRESH = "__Secure-li-refresh";
    static final String XSRF = "XSRF-TOKEN";
    static final String SIGN_IN = "/auth/v1/token?grant_type=password&session=cookie";
    static final String REFRESH_URL = "/auth/v1/token?grant_type=refresh_token&session=cookie";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    AuthTestClient auth;
    Http http;
    String email;
    UUID org;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
        http = auth.http;
        email = AuthTestClient.email("cookie");
        org = AuthTestClient.orgOf(auth.signUpOrg(email, AuthTestClient.PASSWORD));
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    /** The Set-Cookie lines of a response, by cookie name. */
    static Map<String, String> setCookies(Http.Response r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.raw().headers().allValues("set-cookie")) {
            out.put(line.substring(0, line.indexOf('=')), line);
        }
        return out;
    }

    static String valueOf(String setCookie) {
        int eq = setCookie.indexOf('=');
        int semi = setCookie.indexOf(';');
        return setCookie.substring(eq + 1, semi < 0 ? setCookie.length() : semi);
    }

    static List<String> attributes(String setCookie) {
        List<String> out = new ArrayList<>();
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            out.add(parts[i].trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** What a browser would hold after a response: name → value. */
    record Jar(Map<String, String> values) {
        static Jar from(Http.Response r) {
            Map<String, String> v = new LinkedHashMap<>();
            setCookies(r).forEach((name, line) -> v.put(name, valueOf(line)));
            return new Jar(v);
        }

        String get(String name) {
            return values.get(name);
        }

        String header(String... names) {
            List<String> parts = new ArrayList<>();
            for (String n : names) {
                parts.add(n + "=" + values.get(n));
            }
            return String.join("; ", parts);
        }

        /** Every cookie the browser would send to {@code /auth/v1} (all three). */
        String all() {
            return header(ACCESS, REFRESH, XSRF);
        }

        /** What goes to {@code /api/v1}: the refresh cookie's Path=/auth/v1 keeps it away. */
        String api() {
            return header(ACCESS, XSRF);
        }
    }

    Http.Response signIn(String... headers) {
        return http.post(SIGN_IN, Map.of("email", email, "password", AuthTestClient.PASSWORD), headers);
    }

    Jar signedIn() {
        Http.Response r = signIn();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Jar.from(r);
    }

    Http.Response createLead(Jar jar, String... extra) {
        return http.post("/api/v1/leads", Map.of("first_name", "Cookie"), AuthTestClient.concat(extra, "Cookie", jar.api()));
    }

    static long leads(UUID org) {
        return ((Number) AuthTestClient.scalar("select count(*) from public.leads where org_id = ?", org)).longValue();
    }

    @Test
    void signInSetsHttpOnlySecureCookiesAndAnswersWithoutTokens() {
        Http.Response r = signIn();

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.has("access_token")).isFalse();
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.get("user").get("email").asString()).isEqualTo(email);
        assertThat(body.get("expires_in").asLong()).isPositive();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");

        Map<String, String> set = setCookies(r);
        assertThat(set).containsOnlyKeys(ACCESS, REFRESH, XSRF);
        assertThat(attributes(set.get(ACCESS))).contains("path=/", "secure", "httponly", "samesite=lax", "max-age=900")
                .noneMatch(a -> a.startsWith("domain"));
        assertThat(attributes(set.get(REFRESH))).contains("path=/auth/v1", "secure", "httponly", "samesite=strict",
                "max-age=604800").noneMatch(a -> a.startsWith("domain"));
        assertThat(attributes(set.get(XSRF))).contains("path=/", "secure", "samesite=lax", "max-age=604800")
                .doesNotContain("httponly");
        // The body never carries what the cookies carry.
        assertThat(r.body()).doesNotContain(valueOf(set.get(ACCESS))).doesNotContain(valueOf(set.get(REFRESH)));
        assertThat(valueOf(set.get(REFRESH))).isNotBlank();
    }

    @Test
    void theAccessCookieAuthenticatesWhereABearerWould() {
        Jar jar = signedIn();

        assertThat(http.get("/auth/v1/user", "Cookie", jar.api()).json().get("email").asString()).isEqualTo(email);
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api()).status()).isEqualTo(200);
        // Without the cookie (or with only the readable one) nothing is authenticated.
        assertThat(http.get("/api/v1/leads", "Cookie", jar.header(XSRF)).status()).isEqualTo(401);
    }

    @Test
    void unsafeCookieRequestsNeedTheCsrfToken() {
        Jar jar = signedIn();
        long before = leads(org);

        Http.Response missing = createLead(jar);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("type").asString()).endsWith("/csrf-token-invalid");
        assertThat(missing.json().get("detail").asString()).contains("X-XSRF-TOKEN");
        Http.Response wrong = createLead(jar, "X-XSRF-TOKEN", UUID.randomUUID().toString());
        assertThat(wrong.status()).isEqualTo(403);
        // The cookie's own value in another cookie's place is no token either.
        assertThat(createLead(jar, "X-XSRF-TOKEN", jar.get(ACCESS)).status()).isEqualTo(403);
        assertThat(leads(org)).isEqualTo(before);

        Http.Response ok = createLead(jar, "X-XSRF-TOKEN", jar.get(XSRF));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(leads(org)).isEqualTo(before + 1);
    }

    @Test
    void csrfRefusalsUnderAuthHaveTheGoTrueShapeAndChangeNothing() {
        Jar jar = signedIn();

        Http.Response r = http.put("/auth/v1/user", Map.of("data", Map.of("nick", "x")), "Cookie", jar.all());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("code").asInt()).isEqualTo(403);
        assertThat(r.json().has("error_code")).isTrue();
        assertThat(http.get("/auth/v1/user", "Cookie", jar.api()).json().get("user_metadata").has("nick")).isFalse();

        Http.Response logout = http.post("/auth/v1/logout?scope=local", null, "Cookie", jar.all());
        assertThat(logout.status()).isEqualTo(403);
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api()).status()).isEqualTo(200);
    }

    @Test
    void aBearerRequestIsJudgedByItsHeaderAlone() {
        Jar jar = signedIn();
        JsonNode other = auth.signUpOrg();
        UUID otherOrg = AuthTestClient.orgOf(other);
        String bearer = "Bearer " + other.get("access_token").asString();

        // No CSRF token needed, and the lead belongs to the bearer's org, not the cookie's.
        Http.Response r = createLead(jar, "Authorization", bearer);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("org_id").asString()).isEqualTo(otherOrg.toString());
        assertThat(leads(org)).isZero();

        // A bad header is not rescued by a good cookie.
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api(), "Authorization", "Bearer not-a-token").status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api(), "Authorization", "Basic dXNlcjpwYXNz").status())
                .isEqualTo(401);
    }

    @Test
    void refreshWithTheCookieRotatesBothCookiesAndDetectsReuse() {
        Jar first = signedIn();

        Http.Response r = http.post(REFRESH_URL, Map.of(), "Cookie", first.all(), "X-XSRF-TOKEN", first.get(XSRF));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().has("access_token")).isFalse();
        assertThat(r.json().has("refresh_token")).isFalse();
        Jar second = Jar.from(r);
        assertThat(second.values()).containsOnlyKeys(ACCESS, REFRESH, XSRF);
        assertThat(second.get(REFRESH)).isNotEqualTo(first.get(REFRESH));
        assertThat(second.get(ACCESS)).isNotEqualTo(first.get(ACCESS));
        assertThat(second.get(XSRF)).isNotEqualTo(first.get(XSRF));
        assertThat(http.get("/api/v1/leads", "Cookie", second.api()).status()).isEqualTo(200);

        // The rotated refresh cookie again: the whole session is revoked and the browser told to drop it.
        Http.Response reuse = http.post(REFRESH_URL, Map.of(), "Cookie", first.header(ACCESS, REFRESH) + "; " + XSRF + "="
                + second.get(XSRF), "X-XSRF-TOKEN", second.get(XSRF));
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.json().get("error_code").asString()).isEqualTo("refresh_token_already_used");
        assertThat(setCookies(reuse)).containsKeys(ACCESS, REFRESH, XSRF);
        setCookies(reuse).values().forEach(c -> assertThat(attributes(c)).contains("max-age=0"));
        assertThat(http.get("/api/v1/leads", "Cookie", second.api()).status()).isEqualTo(401);
    }

    @Test
    void twoRacingRefreshesWithOneCookieRotateItOnce() {
        Jar jar = signedIn();

        List<java.util.concurrent.CompletableFuture<Http.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racing.add(java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF))));
        }
        List<Integer> statuses = racing.stream().map(java.util.concurrent.CompletableFuture::join).map(Http.Response::status)
                .sorted().toList();

        // The row lock lets one win; the other presents a rotated token, which ends the session (reuse interval 0).
        assertThat(statuses).containsExactly(200, 400);
        assertThat(sessionsOf(email, true)).isEqualTo(1);
    }

    @Test
    void theCookieRefreshNeedsTheCsrfTokenAndRotatesNothingWithout() {
        Jar jar = signedIn();

        assertThat(http.post(REFRESH_URL, Map.of(), "Cookie", jar.all()).status()).isEqualTo(403);
        assertThat(http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", "nope").status()).isEqualTo(403);
        // Still unrotated: the same refresh cookie works once the token is echoed.
        assertThat(http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF)).status())
                .isEqualTo(200);
    }

    @Test
    void aCookieRefreshTakesItsTokenOnlyFromTheCookie() {
        Jar jar = signedIn();
        JsonNode bearer = auth.signIn(email, AuthTestClient.PASSWORD).json();

        Http.Response both = http.post(REFRESH_URL, Map.of("refresh_token", bearer.get("refresh_token").asString()),
                "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("error_code").asString()).isEqualTo("validation_failed");
        Http.Response none = http.post(REFRESH_URL, Map.of(), "Cookie", jar.header(ACCESS, XSRF), "X-XSRF-TOKEN", jar.get(XSRF));
        assertThat(none.status()).isEqualTo(400);
        // A bearer refresh ignores the refresh cookie entirely.
        Http.Response plain = http.post("/auth/v1/token?grant_type=refresh_token", Map.of(), "Cookie", jar.all());
        assertThat(plain.status()).isEqualTo(400);
        assertThat(setCookies(plain)).isEmpty();
    }

    @Test
    void logoutClearsTheCookiesAndRevokesTheSession() {
        Jar jar = signedIn();

        Http.Response r = http.post("/auth/v1/logout?scope=local", null, "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF));
        assertThat(r.status()).isEqualTo(204);
        Map<String, String> set = setCookies(r);
        assertThat(set).containsOnlyKeys(ACCESS, REFRESH, XSRF);
        assertThat(attributes(set.get(ACCESS))).contains("max-age=0", "path=/", "secure", "httponly");
        assertThat(attributes(set.get(REFRESH))).contains("max-age=0", "path=/auth/v1", "secure", "httponly");
        assertThat(attributes(set.get(XSRF))).contains("max-age=0", "path=/");

        // The cookies of the revoked session are worth nothing, even if a browser kept them.
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api()).status()).isEqualTo(401);
        Http.Response user = http.get("/auth/v1/user", "Cookie", jar.api());
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().get("error_code").asString()).isEqualTo("session_not_found");
        Http.Response refresh = http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(setCookies(refresh)).containsKeys(ACCESS, REFRESH);
    }

    @Test
    void aSessionRevokedElsewhereEndsTheCookieSession() {
        Jar jar = signedIn();
        String bearer = auth.signIn(email, AuthTestClient.PASSWORD).json().get("access_token").asString();

        assertThat(auth.logout(bearer, "global").status()).isEqualTo(204);

        assertThat(http.get("/api/v1/leads", "Cookie", jar.api()).status()).isEqualTo(401);
        assertThat(createLead(jar, "X-XSRF-TOKEN", jar.get(XSRF)).status()).isEqualTo(401);
    }

    @Test
    void aBearerLogoutLeavesTheBrowsersCookiesAlone() {
        Jar jar = signedIn();
        String bearer = auth.signIn(email, AuthTestClient.PASSWORD).json().get("access_token").asString();

        Http.Response r = http.post("/auth/v1/logout?scope=local", null, "Cookie", jar.all(), "Authorization", "Bearer " + bearer);

        assertThat(r.status()).isEqualTo(204);
        assertThat(setCookies(r)).isEmpty();
        assertThat(http.get("/api/v1/leads", "Cookie", jar.api()).status()).isEqualTo(200);
    }

    @Test
    void cookieSignInFromAForeignOriginIsRefused() {
        long sessions = sessionsOf(email);

        for (String origin : List.of("https://evil.example", "null", "http://127.0.0.1:" + (port + 1), "https://app.example.test.evil.example")) {
            Http.Response r = signIn("Origin", origin);
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertThat(setCookies(r)).as(origin).isEmpty();
        }
        assertThat(sessionsOf(email)).isEqualTo(sessions);

        assertThat(signIn("Origin", "https://app.example.test").status()).isEqualTo(200);
        assertThat(signIn("Origin", "http://127.0.0.1:" + port).status()).isEqualTo(200);
    }

    @Test
    void aCookieRefreshFromAForeignOriginIsRefused() {
        Jar jar = signedIn();

        Http.Response r = http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF),
                "Origin", "https://evil.example");

        assertThat(r.status()).isEqualTo(403);
        assertThat(http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF)).status()).isEqualTo(200);
    }

    @Test
    void onlyTheCookieModeIsKnown() {
        Http.Response r = http.post("/auth/v1/token?grant_type=password&session=Cookie",
                Map.of("email", email, "password", AuthTestClient.PASSWORD));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
        assertThat(setCookies(r)).isEmpty();
    }

    @Test
    void aReauthenticationOfACookieSessionStaysInCookies() {
        Jar jar = signedIn();

        Http.Response r = http.post("/auth/v1/reauthenticate", Map.of("password", AuthTestClient.PASSWORD),
                "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().has("access_token")).isFalse();
        assertThat(r.json().has("refresh_token")).isFalse();
        assertThat(setCookies(r)).containsKeys(ACCESS, REFRESH, XSRF);
    }

    @Test
    void otherOriginsCannotReadCredentialedResponses() {
        Jar jar = signedIn();

        Http.Response foreign = http.get("/api/v1/leads", "Cookie", jar.api(), "Origin", "https://evil.example");
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        assertThat(foreign.header("Access-Control-Allow-Credentials")).isNull();
        Http.Response preflight = http.send(http.request("/api/v1/leads").method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-xsrf-token");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();

        Http.Response listed = http.get("/api/v1/leads", "Cookie", jar.api(), "Origin", "https://app.example.test");
        assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.test");
        assertThat(listed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    }

    @Test
    void pathVariantsDoNotSkipTheCsrfCheck() {
        Jar jar = signedIn();
        long before = leads(org);

        for (String path : List.of("/api/v1/leads;x=y", "/api/v1/leads/", "/api//v1/leads", "/api/v1/%6ceads",
                "/API/v1/leads", "/api/v1/leads?x=1")) {
            Http.Response r = http.post(path, Map.of("first_name", "Variant"), "Cookie", jar.api());
            assertThat(r.status()).as(path).isIn(400, 403, 404);
        }
        assertThat(leads(org)).isEqualTo(before);

        // The refresh grant under an encoded name is still the refresh grant: no rotation without the token.
        Http.Response encoded = http.post("/auth/v1/%74oken?grant_type=refresh_token&session=cookie", Map.of(),
                "Cookie", jar.all());
        assertThat(encoded.status()).isIn(400, 403, 404);
        assertThat(http.post(REFRESH_URL, Map.of(), "Cookie", jar.all(), "X-XSRF-TOKEN", jar.get(XSRF)).status()).isEqualTo(200);
    }

    @Test
    void hostileCookieValuesAreA401NeverA500() {
        for (String value : List.of("x", "a.b.c", "%00", "\u00e9".repeat(10), "A".repeat(8000))) {
            Http.Response r = http.get("/api/v1/leads", "Cookie", ACCESS + "=" + value);
            assertThat(r.status()).as(value.length() > 20 ? "long" : value).isIn(400, 401);
        }
        // On a public route a stale cookie does not get in the way.
        Http.Response r = http.post(SIGN_IN, Map.of("email", email, "password", AuthTestClient.PASSWORD),
                "Cookie", ACCESS + "=stale");
        assertThat(r.status()).isEqualTo(200);
    }

    static long sessionsOf(String email) {
        return ((Number) AuthTestClient.scalar("""
                select count(*) from auth.sessions s join auth.users u on u.id = s.user_id where u.email = ?""",
                email)).longValue();
    }

    /** Revoked sessions of the user (the sign-up's own session stays live in these tests). */
    static long sessionsOf(String email, boolean revoked) {
        return ((Number) AuthTestClient.scalar("""
                select count(*) from auth.sessions s join auth.users u on u.id = s.user_id
                 where u.email = ? and (s.revoked_at is not null) = ?""", email, revoked)).longValue();
    }
}
