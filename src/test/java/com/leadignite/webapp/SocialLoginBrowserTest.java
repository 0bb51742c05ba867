package com.leadignite.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.leadignite.support.AuthorizationServerStandIn;
import com.leadignite.support.Browser;
import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Social login in headless Chromium, end to end (API.md §2 and §7): the {@code /app/} page offers a button per
 * configured provider, does PKCE itself, goes through the provider's own login form (Spring Authorization
 * Server on loopback) and lands back on the page signed in with a cookie session.
 *
 * <p>The whole dance runs on {@code 127.0.0.1}: the provider accepts its loopback redirect URI on any port but
 * refuses {@code localhost}, and the flow cookie set by {@code /authorize} must come back to {@code /callback}
 * on the same host. {@code PUBLIC_BASE_URL} must name the port the service listens on, so this test picks it.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocialLoginBrowserTest {

    private static final int PORT = freePort();
    private static final String APP = "http://127.0.0.1:" + PORT;

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry r) {
        r.add("server.port", () -> PORT);
        r.add("leadignite.public-base-url", () -> APP);
        r.add("auth.oidc.sas.issuer", AuthorizationServerStandIn::issuer);
        r.add("auth.oidc.sas.client-id", () -> AuthorizationServerStandIn.CLIENT_ID);
        r.add("auth.oidc.sas.client-secret", () -> AuthorizationServerStandIn.CLIENT_SECRET);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    Fixtures fixtures;

    Browser browser;
    ChromeDriver driver;
    UUID org;

    @BeforeAll
    void startBrowser() {
        Browser.requireInstalled();
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void deleteOrg() {
        if (org != null) {
            fixtures.deleteOrg(org);
        }
    }

    @Test
    void signingInWithTheProviderLandsBackOnThePageSignedInWithACookieSession() {
        String email = "social-browser-" + UUID.randomUUID().toString().substring(0, 8) + "@social.example.test";
        String username = AuthorizationServerStandIn.addUser(email, true);

        AppPage page = new AppPage(driver, APP).open();
        page.awaitSignedOut();
        By button = By.cssSelector("#providers button[data-provider='sas']");
        await().atMost(AppPage.WAIT).until(() -> !driver.findElements(button).isEmpty());
        assertThat(driver.findElement(button).getText()).isEqualTo("Sign in with sas");
        driver.findElement(button).click();

        // The provider's own login form, in the browser.
        String issuer = AuthorizationServerStandIn.issuer();
        await().atMost(AppPage.WAIT).until(() -> driver.getCurrentUrl().startsWith(issuer + "/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(AuthorizationServerStandIn.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();

        page.awaitSignedIn();
        assertThat(page.signedInEmail()).isEqualTo(email);
        // The code left the address bar, and the verifier left the tab, once used.
        assertThat(driver.getCurrentUrl()).isEqualTo(APP + "/app/");
        assertThat(driver.executeScript("return sessionStorage.length;")).isEqualTo(0L);
        BrowserSessionTest.assertCookieSession(driver);
        assertThat(Arrays.asList(page.documentCookie().split("; "))).allMatch(c -> c.startsWith("XSRF-TOKEN="));
        org = UUID.fromString(query("select org_id::text from auth.users where email = ?", email));

        page.createLead("Ada");
        assertThat(BrowserSessionTest.leads(org, "Ada")).isEqualTo(1);
        page.open().awaitSignedIn();
        await().atMost(AppPage.WAIT).until(() -> page.leads().stream().anyMatch(l -> l.startsWith("Ada")));
    }

    /**
     * A link to the app with a code this tab did not ask for (login CSRF: someone else's code) is not
     * exchanged, and a link with an error shows no text of the link's (content spoofing); either way the
     * address bar is cleaned and the page stays signed out.
     */
    @Test
    void aPlantedCodeOrErrorTextInTheLinkIsNeitherExchangedNorShown() {
        driver.manage().deleteAllCookies();
        // Records the page's fetches from before its own script runs (DevTools scripts are not bound by the CSP).
        Map<String, Object> recorder = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.fetched = [];
                const original = window.fetch;
                window.fetch = (url, init) => { window.fetched.push(String(url)); return original(url, init); };"""));
        try {
            for (String planted : new String[] {"?code=planted-" + UUID.randomUUID(),
                    "?error=access_denied&error_description=Call+555-0100+to+restore+your+account"}) {
                AppPage page = new AppPage(driver, APP);
                driver.get(APP + "/app/" + planted);
                page.awaitSignedOut();
                await().atMost(AppPage.WAIT).until(() -> "Sign-in failed".equals(page.status()));
                assertThat(driver.getCurrentUrl()).isEqualTo(APP + "/app/");
                assertThat(page.status()).doesNotContain("555");
                String fetched = String.valueOf(driver.executeScript("return JSON.stringify(window.fetched);"));
                assertThat(fetched).as(planted).contains("/auth/v1/user").doesNotContain("/auth/v1/token");
                assertThat(driver.manage().getCookieNamed("__Host-li-access")).isNull();
            }
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", recorder.get("identifier")));
        }
    }

    private static String query(String sql, String arg) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
