package com.leadignite.integrations.outbound;

import com.leadignite.config.StartupFailure;
import com.leadignite.config.logging.Redacted;
import com.leadignite.integrations.GhlProperties;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The only places outbound calls go (OWASP API7): the configured provider URLs, checked once at
 * start-up. Each must be an absolute https URL without user info, query or fragment; plain http is
 * accepted only to a loopback address, and never under the {@code prod} profile. Paths are built here
 * from our own constant segments and ids that passed {@link #ID}, so no caller-supplied text can add a
 * host, a {@code ..} or a query.
 */
@Component
public class ProviderBaseUrls {

    /** Provider-side ids we put into paths or queries (assistant, agent, location ids, paging cursors). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Where a request goes. */
    public enum Target {
        VAPI_API, ELEVENLABS_API, GHL_API, GHL_TOKEN, GHL_REVOKE, GHL_AUTHORIZE
    }

    private final Map<Target, URI> bases = new LinkedHashMap<>();

    public ProviderBaseUrls(IntegrationProperties props, GhlProperties ghl, Environment env) {
        boolean prod = env.acceptsProfiles(Profiles.of("prod"));
        List<String> problems = new ArrayList<>();
        put(Target.VAPI_API, "VAPI_API_BASE_URL", props.vapiApiBaseUrl(), prod, problems);
        put(Target.ELEVENLABS_API, "ELEVENLABS_API_BASE_URL", props.elevenlabsApiBaseUrl(), prod, problems);
        put(Target.GHL_API, "GHL_API_BASE_URL", ghl.apiBaseUrl(), prod, problems);
        put(Target.GHL_TOKEN, "GHL_TOKEN_URL", ghl.tokenUrl(), prod, problems);
        put(Target.GHL_AUTHORIZE, "GHL_AUTHORIZE_URL", ghl.authorizeUrl(), prod, problems);
        if (ghl.revokeUrl() != null && !ghl.revokeUrl().isBlank()) {
            put(Target.GHL_REVOKE, "GHL_REVOKE_URL", ghl.revokeUrl(), prod, problems);
        }
        if (!problems.isEmpty()) {
            throw new StartupFailure("Provider URLs refused", problems,
                    "Set https URLs of the providers (plain http only to 127.0.0.1 outside prod), without credentials or query.");
        }
    }

    /** Problems of one URL, or none (also used by tests). */
    static Optional<String> problem(String name, String value, boolean prod) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return Optional.of(name + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null) {
            return Optional.of(name + " must be an absolute URL (" + Redacted.url(value) + ")");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of(name + " must not carry user info, a query or a fragment (" + Redacted.url(value) + ")");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return prod ? Optional.of(name + " must be https under the prod profile") : Optional.empty();
        }
        return Optional.of(name + " must be an https URL (plain http only to loopback outside prod): " + Redacted.url(value));
    }

    private void put(Target target, String name, String value, boolean prod, List<String> problems) {
        Optional<String> problem = problem(name, value, prod);
        if (problem.isPresent()) {
            problems.add(problem.get());
            return;
        }
        String v = value.trim();
        bases.put(target, URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v));
    }

    public boolean has(Target target) {
        return bases.containsKey(target);
    }

    /** The configured URL of {@code target} itself (token, revoke, authorize endpoints). */
    public URI url(Target target) {
        URI base = bases.get(target);
        if (base == null) {
            throw new IllegalStateException(target + " is not configured");
        }
        return base;
    }

    /**
     * {@code base + "/" + segments} with an optional query. A segment is a constant of ours or an
     * {@link #ID}; anything else is a programming error or hostile data and stops the call.
     */
    public URI resolve(Target target, List<String> segments, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(url(target).toString());
        for (String s : segments) {
            if (!ID.matcher(s).matches()) {
                throw new IllegalArgumentException("unsafe path segment");
            }
            sb.append('/').append(s);
        }
        if (query != null && !query.isEmpty()) {
            sb.append('?').append(query.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
        }
        return URI.create(sb.toString());
    }

    public URI resolve(Target target, String... segments) {
        return resolve(target, Arrays.asList(segments), Map.of());
    }

    /** Whether {@code uri} is on one of the configured origins (checked again right before sending). */
    public boolean allowed(URI uri) {
        return bases.values().stream().anyMatch(b -> b.getScheme().equalsIgnoreCase(uri.getScheme())
                && b.getHost().equalsIgnoreCase(uri.getHost()) && b.getPort() == uri.getPort()
                && uri.getRawUserInfo() == null);
    }

    public static IntegrationProvider providerOf(Target t) {
        return switch (t) {
            case VAPI_API -> IntegrationProvider.vapi;
            case ELEVENLABS_API -> IntegrationProvider.elevenlabs;
            default -> IntegrationProvider.ghl;
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
