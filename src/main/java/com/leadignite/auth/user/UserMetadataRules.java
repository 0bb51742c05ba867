package com.leadignite.auth.user;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.StorableText;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a client may put in {@code user_metadata} (sign-up {@code data} and {@code PUT /user} {@code data}):
 * a small allow-list of profile keys with short string values. Anything that names a role, an org or
 * other authorization data is refused outright, and so is every key not on the list, so the metadata
 * can never be mistaken for something the server decides.
 */
public final class UserMetadataRules {

    /** Profile keys a user may set. A {@code null} value removes the key on update. */
    public static final Set<String> ALLOWED = Set.of("full_name", "name", "avatar_url", "picture", "locale", "timezone");
    static final int MAX_VALUE_LENGTH = 500;
    static final int MAX_URL_LENGTH = 2048;

    private UserMetadataRules() {
    }

    /**
     * Validates {@code data} (without the sign-up-only keys, which the caller removes first) and returns
     * the entries to store, in order. Throws {@code validation_failed} naming the first offending key.
     */
    public static Map<String, Object> validate(Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (data == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String key = e.getKey();
            if (!ALLOWED.contains(key)) {
                throw AuthError.validation(looksPrivileged(key)
                        ? "data." + shown(key) + " cannot be set: roles and organizations are managed by the server"
                        : "data." + shown(key) + " is not an allowed user_metadata field");
            }
            Object v = e.getValue();
            int max = key.equals("avatar_url") || key.equals("picture") ? MAX_URL_LENGTH : MAX_VALUE_LENGTH;
            if (v != null && (!(v instanceof String s) || s.length() > max)) {
                throw AuthError.validation("data." + key + " must be a string of at most " + max + " characters");
            }
            if (v instanceof String s) {
                StorableText.require(s, "data." + key);
            }
            if (v instanceof String s && (key.equals("avatar_url") || key.equals("picture"))
                    && !s.isEmpty() && !s.toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw AuthError.validation("data." + key + " must be an https URL");
            }
            out.put(key, v);
        }
        return out;
    }

    static boolean looksPrivileged(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return k.contains("role") || k.contains("org") || k.contains("admin") || k.contains("appmetadata")
                || k.contains("tenant") || k.contains("permission") || k.contains("claim") || k.contains("scope")
                || k.equals("aal") || k.equals("amr") || k.equals("sub") || k.equals("aud");
    }

    /** A client-supplied key, bounded and reduced to safe characters for the error message. */
    static String shown(String key) {
        String k = key.replaceAll("[^A-Za-z0-9_.-]", "?");
        return k.length() > 64 ? k.substring(0, 64) + "..." : k;
    }
}
