package com.leadignite.webhooks.process;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of provider payloads: the first of several candidate paths that holds a value. Paths
 * are dot-separated object keys. Nothing here decides whether a value is acceptable: the handlers
 * check every value against the API's rules ({@link ApiFieldRules}) and drop what fails.
 */
final class PayloadFields {

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

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

    /** First non-blank text (numbers are taken as their text), stripped, never cut. */
    static String string(JsonNode root, String... paths) {
        for (String p : paths) {
            JsonNode n = at(root, p);
            if (n != null && (n.isString() || n.isNumber())) {
                String s = n.asString().strip();
                if (!s.isEmpty()) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The first present value of {@code paths} as sent (for noting what was dropped), or null. */
    static JsonNode raw(JsonNode root, String... paths) {
        for (String p : paths) {
            JsonNode n = at(root, p);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** A whole number (fractions rounded) from a number or numeric text; null if absent or out of int range. */
    static Integer integer(JsonNode n) {
        if (n == null) {
            return null;
        }
        double d;
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? n.intValue() : null;
        } else if (n.isBigDecimal()) {
            // 1e400 is beyond double: compare exactly instead of converting.
            BigDecimal v = n.decimalValue();
            if (v.compareTo(INT_MIN) < 0 || v.compareTo(INT_MAX) > 0) {
                return null;
            }
            d = v.doubleValue();
        } else if (n.isNumber()) {
            d = n.doubleValue();
        } else if (n.isString()) {
            try {
                d = Double.parseDouble(n.asString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        if (Double.isNaN(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return null;
        }
        return (int) Math.round(d);
    }

    /** RFC 3339 text, or unix seconds / milliseconds; null if absent or unreadable. */
    static Instant instant(JsonNode n) {
        if (n == null) {
            return null;
        }
        try {
            if (n.isNumber()) {
                // A number outside long (1e30, 2^70, 1e400) is no time: dropped, not thrown.
                if (!n.canConvertToLong()) {
                    return null;
                }
                long v = n.asLong();
                return v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
            }
            if (n.isString()) {
                return OffsetDateTime.parse(n.asString().strip()).toInstant();
            }
        } catch (DateTimeException | ArithmeticException | JacksonException e) {
            return null;
        }
        return null;
    }
}
