package com.leadignite.config.logging;

/**
 * How settings records print secrets in their {@code toString} (start-up logs, failure analysis, debuggers):
 * a secret only says whether it is set; a URL loses its user info and query, where credentials travel.
 */
public final class Redacted {

    private Redacted() {
    }

    public static String secret(String value) {
        return value == null || value.isBlank() ? "unset" : "******";
    }

    /** {@code scheme://host:port/path} of a URL; user info, query and fragment replaced by {@code ******}. */
    public static String url(String value) {
        if (value == null || value.isBlank()) {
            return "unset";
        }
        String out = value;
        int cut = indexOfAny(out, '?', '#');
        if (cut >= 0) {
            out = out.substring(0, cut) + "?******";
        }
        int scheme = out.indexOf("://");
        int authorityStart = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = indexOfAny(out.substring(authorityStart), '/', '?');
        String authority = authorityEnd < 0 ? out.substring(authorityStart)
                : out.substring(authorityStart, authorityStart + authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            out = out.substring(0, authorityStart) + "******@" + out.substring(authorityStart + at + 1);
        }
        return out;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
