package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.AppProperties;
import com.leadignite.config.CorsProperties;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The decisions behind cookie sessions, request by request: transport, origin, who the cookie authenticates. */
class SessionCookiesTest {

    static SessionCookies cookies(String... profiles) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles(profiles);
        return new SessionCookies(new AppProperties("https://api.example.com", "data"),
                new CorsProperties(List.of("https://app.example.com"), true, Duration.ofMinutes(10)), env);
    }

    static MockHttpServletRequest request(String host, String peer, boolean secure) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/auth/v1/token");
        r.setServerName(host);
        r.setRemoteAddr(peer);
        r.setSecure(secure);
        r.setScheme(secure ? "https" : "http");
        r.setServerPort(secure ? 443 : 8080);
        return r;
    }

    @Test
    void cookiesNeedHttpsExceptOnLoopbackOutsideProd() {
        SessionCookies dev = cookies();
        assertThat(dev.transportAllowed(request("api.example.com", "203.0.113.9", true))).isTrue();
        assertThat(dev.transportAllowed(request("localhost", "127.0.0.1", false))).isTrue();
        assertThat(dev.transportAllowed(request("127.0.0.1", "127.0.0.1", false))).isTrue();
        assertThat(dev.transportAllowed(request("[::1]", "0:0:0:0:0:0:0:1", false))).isTrue();
        // Plain http anywhere else: a Secure cookie would never come back, or would travel in clear.
        assertThat(dev.transportAllowed(request("api.example.com", "203.0.113.9", false))).isFalse();
        assertThat(dev.transportAllowed(request("localhost", "203.0.113.9", false))).isFalse();
        assertThat(dev.transportAllowed(request("api.example.com", "127.0.0.1", false))).isFalse();
        assertThat(dev.transportAllowed(request("localhost.evil.example", "127.0.0.1", false))).isFalse();

        SessionCookies prod = cookies("prod");
        assertThat(prod.transportAllowed(request("localhost", "127.0.0.1", false))).isFalse();
        assertThat(prod.transportAllowed(request("api.example.com", "203.0.113.9", true))).isTrue();
    }

    @Test
    void onlyOwnAndAllowListedOriginsMayStartACookieSession() {
        SessionCookies c = cookies();
        MockHttpServletRequest r = request("api.example.com", "203.0.113.9", true);
        assertThat(c.originAllowed(r)).as("no Origin: not a browser").isTrue();
        for (String ok : List.of("https://api.example.com", "https://app.example.com", "HTTPS://APP.EXAMPLE.COM")) {
            r.removeHeader("Origin");
            r.addHeader("Origin", ok);
            assertThat(c.originAllowed(r)).as(ok).isTrue();
        }
        for (String bad : List.of("null", "https://evil.example", "http://api.example.com", "https://api.example.com:8443",
                "https://app.example.com.evil.example", "https://evil.example/https://app.example.com", "*", "")) {
            r.removeHeader("Origin");
            r.addHeader("Origin", bad);
            assertThat(c.originAllowed(r)).as(bad).isFalse();
        }
    }

    @Test
    void theCookieAuthenticatesOnlyWithoutAnAuthorizationHeader() {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/v1/leads");
        assertThat(SessionCookies.authenticatedByCookie(r)).isFalse();
        r.setCookies(new Cookie(SessionCookies.ACCESS, "token"));
        assertThat(SessionCookies.authenticatedByCookie(r)).isTrue();
        r.addHeader("Authorization", "Basic eDp5");
        assertThat(SessionCookies.authenticatedByCookie(r)).as("any Authorization header makes it a header request").isFalse();
    }

    @Test
    void theCookieModeIsReadFromTheQueryStringOnly() {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/auth/v1/token");
        r.setQueryString("grant_type=refresh_token&session=cookie");
        assertThat(SessionCookies.isCookieRefresh(r)).isTrue();
        r.setQueryString("grant_type=refresh%5Ftoken&%73ession=cookie");
        assertThat(SessionCookies.isCookieRefresh(r)).as("percent-encoded names and values").isTrue();
        r.setQueryString("grant_type=password&session=cookie");
        assertThat(SessionCookies.isCookieRefresh(r)).isFalse();
        r.setQueryString("grant_type=refresh_token");
        r.setParameter("session", "cookie"); // as a form body would
        assertThat(SessionCookies.isCookieRefresh(r)).isFalse();
        r.setRequestURI("/auth/v1/%74oken");
        r.setQueryString("grant_type=refresh_token&session=cookie");
        assertThat(SessionCookies.isCookieRefresh(r)).as("the path as routed").isTrue();
    }

    @Test
    void writtenCookiesCarryEveryAttributeAndClearingExpiresThem() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies().write(new MockHttpServletRequest(), response, "a.b.c", Duration.ofMinutes(15), "refresh", Duration.ofDays(7));
        List<String> set = response.getHeaders("Set-Cookie");
        assertThat(set).hasSize(3);
        assertThat(set.get(0)).startsWith("__Host-li-access=a.b.c;").contains("Path=/;", "Max-Age=900", "Secure", "HttpOnly",
                "SameSite=Lax").doesNotContain("Domain");
        assertThat(set.get(1)).startsWith("__Secure-li-refresh=refresh;").contains("Path=/auth/v1;", "Max-Age=604800",
                "Secure", "HttpOnly", "SameSite=Strict");
        assertThat(set.get(2)).startsWith("XSRF-TOKEN=").contains("Path=/;", "Secure", "SameSite=Lax").doesNotContain("HttpOnly");

        MockHttpServletResponse cleared = new MockHttpServletResponse();
        cookies().clear(cleared);
        assertThat(cleared.getHeaders("Set-Cookie")).hasSize(3).allMatch(c -> c.contains("Max-Age=0"));
    }
}
