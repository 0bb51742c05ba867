package com.leadignite.auth.oidc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's part at {@link com.leadignite.support.AuthorizationServerStandIn}: keeps the provider's cookies, follows its redirects
 * and fills in its login form, until the provider sends the browser back to the service's callback.
 */
final class ProviderBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Starts at the provider's authorization URL, signs in as {@code username} on its login form and returns
     * the URL the provider redirects the browser to at the end (the service's callback).
     */
    URI signIn(URI authorizationUrl, String username, String password) {
        URI next = authorizationUrl;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(next).GET());
            if (r.statusCode() == 200 && r.body().contains("_csrf") && r.body().contains("password")) {
                String token = csrf(r.body());
                String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(token);
                r = send(HttpRequest.newBuilder(next).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
            }
            if (r.statusCode() != 302 && r.statusCode() != 303) {
                throw new IllegalStateException("provider answered " + r.statusCode() + " at " + next.getPath());
            }
            URI location = next.resolve(r.headers().firstValue("Location").orElseThrow());
            if (location.getPath().equals("/auth/v1/callback")) {
                return location;
            }
            next = location;
        }
        throw new IllegalStateException("too many redirects at the provider");
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the provider's login form");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,application/xhtml+xml").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
