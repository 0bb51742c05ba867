package com.leadignite.auth.user;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.StorableText;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses are compared and stored trimmed and lower-cased, as Supabase Auth does. */
public final class Emails {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");

    private Emails() {
    }

    public static String normalize(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /** Normalized and checked, or {@code validation_failed}. */
    public static String require(String raw) {
        String e = normalize(raw);
        if (e == null || e.isEmpty()) {
            throw AuthError.validation("An email address is required");
        }
        if (e.length() > 254 || !StorableText.isStorable(e) || !SHAPE.matcher(e).matches()) {
            throw AuthError.validation("Unable to validate email address: invalid format");
        }
        return e;
    }
}
