package com.leadignite.crm.common;

/**
 * Plain-text rules shared by every text field that is stored as text (not HTML).
 *
 * <ul>
 *   <li>Single-line fields (names, email, company, ids...) may hold no control character at all, so
 *       they cannot smuggle line breaks into logs, CSV exports or e-mail headers.</li>
 *   <li>Multi-line fields (summaries, prompts) may hold {@code \n}, {@code \r} and {@code \t}.</li>
 *   <li>Nobody may send NUL or an unpaired UTF-16 surrogate: PostgreSQL cannot store either, and an
 *       input that cannot be stored must be a 400, never a 500.</li>
 * </ul>
 */
public final class Texts {

    private Texts() {
    }

    /** Strips leading and trailing whitespace (Unicode-aware); null stays null. */
    public static String trim(String s) {
        return s == null ? null : s.strip();
    }

    /** Trims and turns an empty result into null, for optional fields where "" means "not set". */
    public static String trimToNull(String s) {
        String t = trim(s);
        return t == null || t.isEmpty() ? null : t;
    }

    /** Null or text that contains no control character (other than those allowed) and no lone surrogate. */
    public static boolean isPlain(String s, boolean multiline) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code LIKE}/{@code ILIKE} pattern that matches {@code term} anywhere, with the wildcards
     * {@code %} and {@code _} and the escape character itself taken literally. Use with
     * {@code ... ILIKE :pattern ESCAPE '\'}.
     */
    public static String containsPattern(String term) {
        StringBuilder sb = new StringBuilder(term.length() + 8).append('%');
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('%').toString();
    }
}
