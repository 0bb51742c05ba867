package com.leadignite.auth.api;

/**
 * Text that can be stored and hashed as sent: no NUL (PostgreSQL refuses it in {@code text} and
 * {@code jsonb}) and no unpaired UTF-16 surrogate (it has no UTF-8 form: the driver or the password
 * encoder would fail, or silently turn it into {@code ?}, so two different inputs would become one).
 * Such input is a client error, never a 500. The CRM has the same rule in its text helpers; auth keeps
 * its own copy because the CRM depends on auth, not the other way round.
 */
public final class StorableText {

    private StorableText() {
    }

    /** True for null and for text without NUL or a lone surrogate. */
    public static boolean isStorable(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** {@code s}, or {@code validation_failed} naming {@code field} (never echoing the value). */
    public static String require(String s, String field) {
        if (!isStorable(s)) {
            throw AuthError.validation(field + " contains a character that is not allowed (NUL or an unpaired surrogate)");
        }
        return s;
    }
}
