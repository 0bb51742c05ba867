package com.leadignite.auth.redirect;

import com.leadignite.config.AppProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides where a {@code redirect_to} may send a browser: scheme, host and port exactly as an allow-listed
 * entry (or {@code PUBLIC_BASE_URL}), and a path under the entry's path. Anything else, or anything that
 * parses differently in a browser than here (backslashes, control characters, user info, encoded slashes or
 * dots in the path, scheme-relative {@code //host}), falls back to {@code PUBLIC_BASE_URL}.
 */
@Component
public class RedirectAllowList {

    private final List<Entry> entries;
    private final String fallback;

    public RedirectAllowList(AppProperties app, RedirectProperties properties) {
        this.fallback = app.publicBaseUrl();
        List<Entry> list = new ArrayList<>();
        Entry base = Entry.parse(app.publicBaseUrl());
        if (base != null) {
            list.add(base);
        }
        properties.allowList().forEach(e -> list.add(Entry.parse(e)));
        this.entries = List.copyOf(list);
    }

    /** The allowed target for a requested {@code redirect_to}, or empty when it is missing or not allowed. */
    public Optional<String> check(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > 2048) {
            return Optional.empty();
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            // Browsers treat '\' as '/' and drop tabs/newlines; refuse instead of guessing.
            if (c <= 0x20 || c == 0x7f || c == '\\' || Character.isSurrogate(c) || c > 0x7e) {
                return Optional.empty();
            }
        }
        URI uri;
        try {
            uri = new URI(requested);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawUserInfo() != null || uri.getHost() == null) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        if (lowerPath.contains("%2f") || lowerPath.contains("%5c") || lowerPath.contains("%2e")
                || lowerPath.contains("/../") || lowerPath.endsWith("/..") || lowerPath.contains("/./")
                || path.startsWith("//")) {
            return Optional.empty();
        }
        for (Entry entry : entries) {
            if (entry.allows(uri, path)) {
                return Optional.of(requested);
            }
        }
        return Optional.empty();
    }

    /** {@link #check} or, when not allowed, {@code PUBLIC_BASE_URL}. */
    public String resolve(String requested) {
        return check(requested).orElse(fallback);
    }

    record Entry(String scheme, String host, int port, String path) {

        static Entry parse(String url) {
            try {
                URI u = new URI(url);
                String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
                if (!("https".equals(scheme) || "http".equals(scheme)) || u.getHost() == null
                        || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                    return null;
                }
                String path = u.getRawPath() == null ? "" : u.getRawPath();
                if (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                return new Entry(scheme, u.getHost().toLowerCase(Locale.ROOT), port(scheme, u.getPort()), path);
            } catch (URISyntaxException e) {
                return null;
            }
        }

        boolean allows(URI uri, String rawPath) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals(this.scheme) && uri.getHost().toLowerCase(Locale.ROOT).equals(host)
                    && port(scheme, uri.getPort()) == port
                    && (path.isEmpty() || rawPath.equals(path) || rawPath.startsWith(path + "/"));
        }

        private static int port(String scheme, int port) {
            return port != -1 ? port : "https".equals(scheme) ? 443 : 80;
        }
    }
}
