package com.leadignite.auth.oidc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import com.leadignite.web.LimitedBody;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call to an OIDC provider (discovery, JWKS, token endpoint): https only (plain http only to a
 * loopback address outside {@code prod}, for local providers and tests), no redirect followed, a connect
 * timeout and a deadline covering the whole body, and answers above {@code max-response-bytes} refused.
 * Nothing of a request or an answer is logged.
 */
@Component
public class ProviderHttp {

    private final HttpClient http;
    private final SocialLoginProperties props;
    private final JsonMapper json;
    private final boolean prod;

    public ProviderHttp(SocialLoginProperties props, JsonMapper json, Environment env) {
        this.props = props;
        this.json = json;
        this.prod = env.acceptsProfiles(Profiles.of("prod"));
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(props.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Is {@code uri} a URL this service may call a provider at? */
    public boolean allowed(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return "https".equals(scheme) || ("http".equals(scheme) && !prod && loopback(uri.getHost()));
    }

    /** Only literal loopback addresses and {@code localhost}: no lookup that DNS could answer differently. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    public JsonNode getJson(URI uri) {
        return json(send(HttpRequest.newBuilder(check(uri)).GET()));
    }

    /** The raw body of a GET (the JWKS, parsed by Nimbus). */
    public String getText(URI uri) {
        return new String(send(HttpRequest.newBuilder(check(uri)).GET()), StandardCharsets.UTF_8);
    }

    public JsonNode postForm(URI uri, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(check(uri))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return json(send(b));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI check(URI uri) {
        if (!allowed(uri)) {
            throw new OidcFailure("provider_url_refused");
        }
        return uri;
    }

    private JsonNode json(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new OidcFailure("provider_answer_not_an_object");
            }
            return node;
        } catch (JacksonException e) {
            throw new OidcFailure("provider_answer_not_json");
        }
    }

    private byte[] send(HttpRequest.Builder b) {
        long timeout = props.readTimeout().toNanos();
        b.timeout(props.readTimeout()).header("Accept", "application/json").header("User-Agent", "LeadIgnite");
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(b.build(),
                info -> LimitedBody.of(info, props.maxResponseBytes().toBytes()));
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OidcFailure("provider_timeout");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OidcFailure("interrupted");
        } catch (ExecutionException e) {
            throw new OidcFailure(e.getCause() instanceof LimitedBody.TooLarge ? "provider_answer_too_large" : "provider_unreachable");
        }
        if (response.statusCode() / 100 != 2) {
            throw new OidcFailure("provider_status_" + (response.statusCode() / 100) + "xx");
        }
        return response.body();
    }
}
