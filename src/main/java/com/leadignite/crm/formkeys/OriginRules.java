package com.leadignite.crm.formkeys;

import com.leadignite.web.FieldErrorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an allowed origin may be: exactly what a browser sends in {@code Origin}, i.e. scheme, host and
 * optional port. https only, except http://localhost for development. No path, query, fragment,
 * credentials or wildcard; at most {@value #MAX} per key. Stored normalized (lower case, default port
 * dropped) so the capture check is a plain string comparison with the browser's header.
 */
public final class OriginRules {

    public static final int MAX = 20;
    private static final Pattern HOST = Pattern.compile(
            "^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$");

    private OriginRules() {
    }

    public static List<String> normalizeAll(List<String> origins) {
        if (origins == null) {
            throw FieldErrorException.of("allowed_origins", "is required (it may be an empty list)");
        }
        if (origins.size() > MAX) {
            throw FieldErrorException.of("allowed_origins", "must hold at most " + MAX + " origins");
        }
        List<FieldErrorException.FieldError> errors = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < origins.size(); i++) {
            String normalized = normalize(origins.get(i));
            if (normalized == null) {
                errors.add(new FieldErrorException.FieldError("allowed_origins[" + i + "]",
                        "must be an origin like https://www.example.com (https, or http://localhost; no path or wildcard)"));
            } else {
                out.add(normalized);
            }
        }
        if (!errors.isEmpty()) {
            throw new FieldErrorException(errors);
        }
        return List.copyOf(out);
    }

    /** The normalized origin, or null when {@code raw} is not an acceptable one. */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 300 || raw.contains("*") || !raw.equals(raw.strip())) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !HOST.matcher(host).matches()) {
            return null;
        }
        int port = uri.getPort();
        if (!(scheme.equals("https") || (scheme.equals("http") && host.equals("localhost")))) {
            return null;
        }
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        if (!defaultPort && (port < 1 || port > 65535)) {
            return null;
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
