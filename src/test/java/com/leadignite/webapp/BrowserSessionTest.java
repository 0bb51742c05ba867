package com.leadignite.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.Browser;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The browser session end to end in headless Chromium (API.md §7): the app at {@code http://localhost:<port>/app/}
 * signs in with a cookie session, lists and creates leads with the CSRF token, and signs out; pages served by a
 * second loopback server play the attacker, once same-site ({@code localhost} on another port: the Lax cookie
 * is sent, so CORS and CSRF are what stop it) and once cross-site ({@code 127.0.0.1}: the cookie stays home).
 *
 * <p>Chromium treats {@code http://localhost} as a secure context: it keeps {@code Secure} and {@code __Host-}
 * cookies there, which is what lets this run without TLS (asserted below, not assumed).
 *
 * <p>Social login: a test that signs in through the OIDC provider ends on this page too; it reuses
 * {@link Browser}, {@link AppPage#awaitSignedIn()} and {@link #assertCookieSession(ChromeDriver)}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSessionTest {

    static final String PASSWORD = "Glacier-Pencil-Orbit-42";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    Browser browser;
    ChromeDriver driver;
    HttpServer attacker;
    String app;
    String email;
    UUID org;

    @BeforeAll
    void startBrowserAndAttacker() throws IOException {
        Browser.requireInstalled();
        browser = Browser.start();
        driver = browser.driver();
        attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] page = attackerPage().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
    }

    @AfterAll
    void stop() {
        if (attacker != null) {
            attacker.stop(0);
        }
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signUp() {
        app = "http://localhost:" + port;
        email = "browser-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
        Http.Response r = new Http(port).post("/auth/v1/signup",
                Map.of("email", email, "password", PASSWORD, "data", Map.of("org_name", "Browser " + email)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        org = UUID.fromString(r.json().get("user").get("app_metadata").get("org_id").asString());
        driver.manage().deleteAllCookies();
    }

    @AfterEach
    void deleteOrg() {
        fixtures.deleteOrg(org);
    }

    /** A page with a form that posts a JSON-looking text/plain body to the API, and nothing else. */
    String attackerPage() {
        return """
                <!doctype html><html><body>
                <form id="forged" method="post" enctype="text/plain" action="%s/api/v1/leads">
                <input type="hidden" name='{"first_name":"Forged","source":"' value='x"}'>
                <button id="submit" type="submit">win a prize</button>
                </form></body></html>""".formatted(app);
    }

    AppPage signedInApp() {
        AppPage page = new AppPage(driver, app).open();
        page.signIn(email, PASSWORD);
        return page;
    }

    @Test
    void theAppSignsInListsCreatesAndSignsOutWithACookieSession() {
        AppPage page = signedInApp();
        assertThat(page.signedInEmail()).isEqualTo(email);
        assertCookieSession(driver);

        page.createLead("Ada");
        assertThat(leads(org, "Ada")).isEqualTo(1);
        page.createLead("Grace");
        assertThat(page.leads()).anyMatch(l -> l.startsWith("Ada")).anyMatch(l -> l.startsWith("Grace"));

        // A reload keeps the session: it lives in the cookies, not in the page.
        page.open().awaitSignedIn();
        await().atMost(AppPage.WAIT).until(() -> page.leads().size() == 2);

        page.signOut();
        assertThat(driver.manage().getCookieNamed("__Host-li-access")).isNull();
        assertThat(driver.manage().getCookieNamed("XSRF-TOKEN")).isNull();
        page.open().awaitSignedOut();
    }

    /**
     * The session cookies are in the browser, HttpOnly and Secure, and the page's JavaScript sees only the
     * CSRF token.
     */
    static void assertCookieSession(ChromeDriver driver) {
        Cookie access = driver.manage().getCookieNamed("__Host-li-access");
        assertThat(access).as("the browser kept the __Host- access cookie").isNotNull();
        assertThat(access.isHttpOnly()).isTrue();
        assertThat(access.isSecure()).isTrue();
        assertThat(access.getPath()).isEqualTo("/");
        assertThat(access.getSameSite()).isEqualTo("Lax");
        Cookie xsrf = driver.manage().getCookieNamed("XSRF-TOKEN");
        assertThat(xsrf).isNotNull();
        assertThat(xsrf.isHttpOnly()).isFalse();

        String visible = (String) driver.executeScript("return document.cookie;");
        assertThat(visible).contains("XSRF-TOKEN=").doesNotContain("__Host-li-access").doesNotContain("__Secure-li-refresh")
                .doesNotContain(access.getValue());
    }

    @Test
    void theRefreshCookieStaysUnderAuthAndRenewsTheSession() {
        AppPage page = signedInApp();
        String firstAccess = driver.manage().getCookieNamed("__Host-li-access").getValue();

        // Drop the access cookie as its expiry would: the app refreshes with the refresh cookie it cannot read.
        driver.manage().deleteCookieNamed("__Host-li-access");
        page.open().awaitSignedIn();

        String renewed = driver.manage().getCookieNamed("__Host-li-access").getValue();
        assertThat(renewed).isNotEqualTo(firstAccess);
        assertThat(driver.manage().getCookieNamed("__Secure-li-refresh")).as("Path=/auth/v1: not visible on /app/").isNull();
    }

    @Test
    void aPageOfAnotherOriginCannotReadApiResponses() {
        signedInApp();
        new AppPage(driver, app).createLead("Private");

        for (String origin : new String[] {"http://localhost:" + attacker.getAddress().getPort(),
                "http://127.0.0.1:" + attacker.getAddress().getPort()}) {
            driver.get(origin + "/");
            Object read = ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0] + '/api/v1/leads', {credentials: 'include'})
                      .then(r => r.text()).then(t => done('read:' + t), e => done('blocked:' + e.name));""", app);
            assertThat(String.valueOf(read)).as(origin).startsWith("blocked:").doesNotContain("Private");

            Object write = ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0] + '/api/v1/leads', {method: 'POST', credentials: 'include',
                        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({first_name: 'Cross'})})
                      .then(r => r.text()).then(t => done('read:' + t), e => done('blocked:' + e.name));""", app);
            assertThat(String.valueOf(write)).as(origin).startsWith("blocked:");
        }
        assertThat(leads(org, "Cross")).isZero();
    }

    /**
     * A form on another origin posting to the API, from the same site (localhost, another port: the Lax
     * cookie goes along) and from another site (127.0.0.1: it stays home). The request carries the page's
     * {@code Origin}, which the CORS allow-list refuses before anything runs (without an allow-list the
     * missing CSRF token would: {@code auth.CookieSessionTest}). Either way: 403 and no lead.
     */
    @Test
    void aCrossSiteFormPostIsRefused() {
        signedInApp();

        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            driver.get("http://" + host + ":" + attacker.getAddress().getPort() + "/");
            driver.findElement(By.id("submit")).click();
            await().atMost(AppPage.WAIT).until(() -> driver.getCurrentUrl().startsWith(app + "/api/v1/leads"));
            Object status = driver.executeScript("return performance.getEntriesByType('navigation')[0].responseStatus;");
            assertThat(((Number) status).intValue()).as(host).isEqualTo(403);
        }
        assertThat(leads(org, "Forged")).isZero();
    }

    /** The app's policy (AppPageControllerTest checks the header) holds in the browser: injected inline script does not run. */
    @Test
    void injectedInlineScriptDoesNotRunOnTheApp() {
        AppPage app = new AppPage(driver, this.app).open();
        app.awaitSignedOut();
        Object ran = driver.executeScript("""
                const s = document.createElement('script');
                s.textContent = 'window.injected = true;';
                document.body.appendChild(s);
                return window.injected === true;""");
        assertThat(ran).isEqualTo(false);
    }

    static long leads(UUID org, String firstName) {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select count(*) from public.leads where org_id = ? and first_name = ?")) {
            ps.setObject(1, org);
            ps.setString(2, firstName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
