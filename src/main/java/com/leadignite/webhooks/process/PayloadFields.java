package com.leadignite.webhooks.process;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of provider payloads: the first of several candidate paths that holds a usable value.
 * Paths are dot-separated object keys.
 */
final class PayloadFields {

    private PayloadFields() {
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String key : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(key);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** First non-blank text (numbers are taken as their text), trimmed and cut to {@code max} characters. */
    static String text(JsonNode root, int max, String... paths) {
        for (String p : paths) {
            JsonNode n = at(root, p);
            if (n != null && (n.isString() || n.isNumber())) {
                String s = n.isString() ? n.asString().trim() : n.asString();
                if (!s.isEmpty()) {
                    return s.length() > max ? s.substring(0, max) : s;
                }
            }
        }
        return null;
    }

    static Integer integer(JsonNode root, String... paths) {
        for (String p : paths) {
            JsonNode n = at(root, p);
            if (n != null && n.isNumber()) {
                double d = n.asDouble();
                if (d >= 0 && d < Integer.MAX_VALUE) {
                    return (int) Math.round(d);
                }
            } else if (n != null && n.isString()) {
                try {
                    return Integer.parseInt(n.asString().trim());
                } catch (NumberFormatException ignored) {
                    // try the next path
                }
            }
        }
        return null;
    }

    /** RFC 3339 text, or unix seconds / milliseconds. */
    static Instant instant(JsonNode root, String... paths) {
        for (String p : paths) {
            JsonNode n = at(root, p);
            if (n == null) {
                continue;
            }
            if (n.isNumber()) {
                long v = n.asLong();
                return v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
            }
            if (n.isString()) {
                try {
                    return OffsetDateTime.parse(n.asString().trim()).toInstant();
                } catch (DateTimeParseException ignored) {
                    // try the next path
                }
            }
        }
        return null;
    }

    /** Only absolute http(s) URLs are kept: anything else could become a script link in a client. */
    static String httpUrl(JsonNode root, String... paths) {
        String s = text(root, 2048, paths);
        if (s == null) {
            return null;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && !s.contains(" ") ? s : null;
    }
}
