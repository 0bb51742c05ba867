package com.leadignite.auth.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The configured providers and, fetched on first use and reused for {@code discovery-ttl}, what their
 * discovery documents say. A document whose {@code issuer} is not exactly the configured one, or whose
 * endpoints {@link ProviderHttp} may not call, is refused (and fetched again next time). Keys come from the
 * provider's {@code jwks_uri} through Nimbus' caching, rate-limited source, fetched by {@link ProviderHttp}.
 */
@Component
public class OidcProviders {

    /** One provider ready to use. */
    public record Discovered(String name, OidcProviderProperties.Provider config, URI authorizationEndpoint,
                            URI tokenEndpoint, boolean secretInBody, JWKSource<SecurityContext> keys,
                            Instant fetchedAt) {
    }

    private final OidcProviderProperties properties;
    private final SocialLoginProperties settings;
    private final ProviderHttp http;
    private final Clock clock;
    private final Map<String, Discovered> cache = new ConcurrentHashMap<>();

    public OidcProviders(OidcProviderProperties properties, SocialLoginProperties settings, ProviderHttp http, Clock clock) {
        this.properties = properties;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        // Fail at start-up rather than at the first sign-in: every call to a provider must be allowed.
        properties.oidc().forEach((name, p) -> {
            if (!http.allowed(URI.create(p.issuer()))) {
                throw new IllegalArgumentException("AUTH_OIDC_" + name.toUpperCase(java.util.Locale.ROOT)
                        + "_ISSUER must be an https URL (plain http only to a loopback address, and never in prod)");
            }
        });
    }

    /** Is {@code name} a configured provider? Answers without calling it. */
    public boolean known(String name) {
        return name != null && properties.oidc().containsKey(name);
    }

    public List<String> names() {
        return List.copyOf(properties.oidc().keySet());
    }

    /** The provider, discovering it if needed; empty when {@code name} is not configured. */
    public Optional<Discovered> get(String name) {
        OidcProviderProperties.Provider config = name == null ? null : properties.oidc().get(name);
        if (config == null) {
            return Optional.empty();
        }
        Discovered d = cache.get(name);
        if (d == null || d.fetchedAt().plus(settings.discoveryTtl()).isBefore(clock.instant())) {
            d = discover(name, config);
            cache.put(name, d);
        }
        return Optional.of(d);
    }

    private Discovered discover(String name, OidcProviderProperties.Provider config) {
        JsonNode doc = http.getJson(uri(config.issuer() + "/.well-known/openid-configuration"));
        if (!config.issuer().equals(text(doc, "issuer"))) {
            throw new OidcFailure("discovery_issuer_mismatch");
        }
        URI authorize = endpoint(doc, "authorization_endpoint");
        URI token = endpoint(doc, "token_endpoint");
        URI jwks = endpoint(doc, "jwks_uri");
        List<String> methods = new ArrayList<>();
        JsonNode m = doc.get("token_endpoint_auth_methods_supported");
        if (m != null && m.isArray()) {
            m.forEach(n -> methods.add(n.asString("")));
        }
        // client_secret_basic is the default of the specification; the body only when that is all it takes.
        boolean secretInBody = !methods.isEmpty() && !methods.contains("client_secret_basic")
                && methods.contains("client_secret_post");
        URL jwksUrl;
        try {
            jwksUrl = jwks.toURL();
        } catch (MalformedURLException e) {
            throw new OidcFailure("discovery_bad_endpoint");
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl,
                        url -> {
                            try {
                                return new Resource(http.getText(uri(url.toString())), "application/json");
                            } catch (OidcFailure e) {
                                throw new java.io.IOException(e.reason());
                            }
                        })
                .retrying(false)
                .build();
        return new Discovered(name, config, authorize, token, secretInBody, keys, clock.instant());
    }

    private URI endpoint(JsonNode doc, String field) {
        URI u = uri(text(doc, field));
        if (!http.allowed(u) || u.getRawQuery() != null && field.equals("jwks_uri")) {
            throw new OidcFailure("discovery_bad_endpoint");
        }
        return u;
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        if (n == null || !n.isString() || n.asString().length() > 2048) {
            throw new OidcFailure("discovery_missing_" + field);
        }
        return n.asString();
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new OidcFailure("discovery_bad_endpoint");
        }
    }
}
