package com.leadignite.config.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from log text, whichever logger wrote it: bearer/basic credentials, cookies,
 * JWT-shaped strings, webhook secrets, key=value pairs whose name says secret, and PEM private keys.
 * Applied to every string of every structured log event (message, MDC, key/values, stack trace).
 *
 * <p>It runs on every log line, so its cost is linear in the text: each rule first looks for its keyword
 * (in an ASCII-lower-cased copy, so indexes stay the same) and only then runs its regex, which has no
 * {@code .*} wrapper and no alternation that can backtrack over the text. The key=value rule is a hand-written scan that
 * reads each name once. Most lines contain no keyword and cost one lower-casing and a few
 * {@code indexOf}s.
 */
public final class LogMasking {

    public static final String MASK = "[REDACTED]";

    /** Names whose values are never logged (lower case), as key/value pairs, MDC entries or JSON fields. */
    private static final List<String> SECRET_NAME_WORDS = List.of("password", "passwd", "pwd", "secret", "token",
            "apikey", "api_key", "api-key", "authorization", "cookie", "privatekey", "private_key", "private-key",
            "credential", "signature", "sessionkey", "session_key", "session-key", "masterkey", "master_key",
            "master-key");

    /** A key=value pair is masked when its name contains one of these (lower case). */
    private static final String[] VALUE_NAME_WORDS = {"password", "passwd", "secret", "token", "apikey", "api_key",
            "api-key", "authorization", "privatekey", "private_key", "private-key", "credential", "signature"};

    /**
     * A rule runs its regex only when the text (or its lower-cased copy) contains one of its keywords. The
     * alternations left are of short literals at one position, so they cannot backtrack over the text.
     */
    private record Rule(List<String> keywords, boolean caseSensitive, Pattern pattern, String replacement) {

        boolean mayMatch(String text, String lower) {
            String in = caseSensitive ? text : lower;
            for (String keyword : keywords) {
                if (in.contains(keyword)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule(List.of("-----BEGIN "), true,
                    Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"), MASK),
            // Authorization: Bearer x / Basic x (header dumps, toString output)
            new Rule(List.of("bearer", "basic"), false,
                    Pattern.compile("(?i)\\b(bearer|basic)\\s++[A-Za-z0-9._~+/=-]{6,}+"), "$1 " + MASK),
            // Cookie: a=b; c=d and Set-Cookie: ...
            new Rule(List.of("cookie"), false, Pattern.compile("(?i)\\b(cookie\\s*+[:=]\\s*)[^\\r\\n\"]+"), "$1" + MASK),
            // JWT / JWS / JWE-looking strings, with or without a signature part
            new Rule(List.of("eyJ"), true,
                    Pattern.compile("eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+(?:\\.[A-Za-z0-9_-]*+){0,3}+"), MASK),
            new Rule(List.of("whsec_", "whsk_", "wsec_", "sk_live_", "sk_test_", "sb_secret_", "sbp_"), true,
                    Pattern.compile("\\b(?:whsec|whsk|wsec|sk_live|sk_test|sb_secret|sbp)_[A-Za-z0-9+/=_-]{6,}+"), MASK));

    private LogMasking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        String lower = asciiLower(out);
        for (Rule rule : RULES) {
            if (rule.mayMatch(out, lower)) {
                Matcher m = rule.pattern().matcher(out);
                if (m.find()) {
                    out = m.replaceAll(rule.replacement());
                    lower = asciiLower(out);
                }
            }
        }
        return maskSecretValues(out, lower);
    }

    public static boolean secretName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String lower = asciiLower(name);
        for (String word : SECRET_NAME_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code name=value}, {@code "name":"value"}, {@code name: value} where the name contains a secret word:
     * the value (up to a quote, white space, {@code , ; & } ]}) becomes {@link #MASK}. Scans left to right
     * and never reads a name twice: each occurrence of a word is taken in order, its name is extended to
     * the surrounding name characters (not before the end of what was already handled), and the search
     * continues after the name or the masked value.
     */
    private static String maskSecretValues(String text, String lower) {
        int n = text.length();
        int[] next = new int[VALUE_NAME_WORDS.length];
        boolean any = false;
        for (int k = 0; k < next.length; k++) {
            next[k] = lower.indexOf(VALUE_NAME_WORDS[k]);
            any |= next[k] >= 0;
        }
        if (!any) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int pos = 0;
        while (true) {
            int at = -1;
            for (int k = 0; k < next.length; k++) {
                if (next[k] >= 0 && next[k] < pos) {
                    next[k] = lower.indexOf(VALUE_NAME_WORDS[k], pos);
                }
                if (next[k] >= 0 && (at < 0 || next[k] < at)) {
                    at = next[k];
                }
            }
            if (at < 0) {
                break;
            }
            int nameEnd = at;
            while (nameEnd < n && nameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            int valueStart = valueStart(text, nameEnd);
            int valueEnd = valueStart < 0 ? -1 : valueEnd(text, valueStart);
            if (valueEnd < 0) {
                pos = Math.max(nameEnd, at + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(text, copied, valueStart).append(MASK);
            copied = valueEnd;
            pos = valueEnd;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** After a name: optional {@code "}, white space, {@code :} or {@code =}, white space, optional {@code "}. */
    private static int valueStart(String text, int i) {
        int n = text.length();
        if (i < n && text.charAt(i) == '"') {
            i++;
        }
        while (i < n && space(text.charAt(i))) {
            i++;
        }
        if (i >= n || (text.charAt(i) != ':' && text.charAt(i) != '=')) {
            return -1;
        }
        i++;
        while (i < n && space(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '"') {
            i++;
        }
        return i;
    }

    /** End of a value worth masking, or -1: already masked, a bearer/basic header, a placeholder, or empty. */
    private static int valueEnd(String text, int start) {
        if (text.regionMatches(true, start, MASK, 0, MASK.length())
                || schemeFollowedBySpace(text, start, "bearer") || schemeFollowedBySpace(text, start, "basic")
                || placeholder(text, start)) {
            return -1;
        }
        int i = start;
        while (i < text.length() && !valueEndChar(text.charAt(i))) {
            i++;
        }
        return i > start ? i : -1;
    }

    private static boolean schemeFollowedBySpace(String text, int start, String scheme) {
        int end = start + scheme.length();
        return end < text.length() && text.regionMatches(true, start, scheme, 0, scheme.length())
                && space(text.charAt(end));
    }

    /**
     * A placeholder such as {@code <at least 10 characters>} (start-up hints, documentation) is not a
     * secret: angle brackets around 1..64 letters, digits, {@code _ . -} and at least one space. Masking
     * stopped at the first space and turned it into {@code [REDACTED] least 10 characters>}.
     */
    private static boolean placeholder(String text, int start) {
        if (start >= text.length() || text.charAt(start) != '<') {
            return false;
        }
        boolean spaced = false;
        int limit = Math.min(text.length(), start + 66);
        for (int i = start + 1; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '>') {
                return spaced && i > start + 1;
            }
            if (c == ' ') {
                spaced = true;
            } else if (!nameChar(c)) {
                return false;
            }
        }
        return false;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '-';
    }

    /** {@code \s} of java.util.regex: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean valueEndChar(char c) {
        return c == '"' || space(c) || c == ',' || c == ';' || c == '&' || c == '}' || c == ']';
    }

    /** Lower-cases A-Z only, so every index of the copy is the same character position as in the text. */
    private static String asciiLower(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !(s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < n; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
            }
        }
        return new String(chars);
    }
}
