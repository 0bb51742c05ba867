package com.leadignite.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The static app over HTTP: its files, its own strict CSP, and nothing else reachable under /app. */
@IntegrationTest
class AppPageControllerTest {

    static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void theAppsFilesAreServedWithoutSignInUnderTheirOwnStrictPolicy() {
        assertThat(http.get("/app").status()).isEqualTo(302);
        assertThat(http.get("/app").header("Location")).isEqualTo("/app/");
        for (var file : List.of(List.of("/app/", "text/html"), List.of("/app/index.html", "text/html"),
                List.of("/app/app.js", "text/javascript"), List.of("/app/app.css", "text/css"))) {
            Http.Response r = http.get(file.get(0));
            assertThat(r.status()).as(file.get(0)).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(file.get(0)).startsWith(file.get(1));
            assertThat(r.header("Content-Security-Policy")).as(file.get(0)).isEqualTo(APP_CSP);
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        }
        // No inline script, style or handler for the policy to have to allow.
        String html = http.get("/app/").body();
        assertThat(html).contains("<script src=\"app.js\"").doesNotContain("<script>").doesNotContain("<style")
                .doesNotContain("style=").doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void aStaleOrForgedCookieDoesNotKeepThePageAway() {
        Http.Response r = http.get("/app/", "Cookie", "__Host-li-access=forged.token.value");
        assertThat(r.status()).isEqualTo(200);
        assertThat(http.get("/app/app.js", "Cookie", "__Host-li-access=x", "Authorization", "Bearer nonsense").status())
                .isEqualTo(200);
    }

    @Test
    void onlyTheListedFilesExist() {
        for (String path : List.of("/app/application.yml", "/app/..%2fapplication.yml", "/app/%2e%2e/application.yml",
                "/app/static/app/app.js", "/app/APP.JS", "/app/app.js.map", "/app/index.html;x=y", "/app/x/app.js")) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("leadignite:").doesNotContain("use strict");
        }
        assertThat(http.post("/app/", "{}").status()).as("not a form target").isIn(401, 403, 405);
    }

    @Test
    void everythingElseKeepsTheApisPolicy() {
        assertThat(http.get("/actuator/health").header("Content-Security-Policy"))
                .isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(http.get("/application").header("Content-Security-Policy"))
                .isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }
}
