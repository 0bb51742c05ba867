package com.leadignite.auth.user;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.StorableText;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client may put in {@code user_metadata} (sign-up {@code data} and {@code PUT /user} {@code data}).
 * As in Supabase, any profile key is accepted, except a key that names an authorization concept (role,
 * org, admin, permissions, app_metadata, aal, amr, ...; compared case- and separator-insensitively, so
 * {@code Role}, {@code org-id} and {@code orgId} are refused too): the metadata travels in every access
 * token, and nothing in it may be mistaken for what the server decides. Values are any JSON, bounded so a
 * token stays small: {@link #MAX_BYTES} serialized, {@link #MAX_DEPTH} levels, {@link #MAX_KEYS} keys.
 */
public final class UserMetadataRules {

    /** Serialized size of the whole {@code user_metadata} (UTF-8 bytes). */
    public static final int MAX_BYTES = 16 * 1024;
    /** Nesting: the metadata object itself is level 1. */
    public static final int MAX_DEPTH = 4;
    /** Keys at all levels together. */
    public static final int MAX_KEYS = 64;

    // Measures the stored JSON text of plain maps and lists (no naming or features apply to them), from
    // static rules that run before any service is involved; the application's mapper would measure the same.
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // Any key containing one of these (after lower-casing and dropping separators) is refused.
    private static final List<String> DENIED_PARTS = List.of("role", "admin", "permission", "appmetadata", "claim",
            "tenant", "privilege", "superuser");
    // Refused as a whole word of the key (org_name is a word "org"; "georgia" is not).
    private static final Set<String> DENIED_WORDS = Set.of("org", "orgs", "orgid", "organization", "organizations",
            "organisation", "organisations", "aal", "amr", "sub", "aud", "iss", "scope", "scopes", "sid", "sessionid",
            "jti", "exp", "iat", "nbf", "owner", "ownerid");

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
            StorableText.require(key, "data key");
            if (key.isBlank() || looksPrivileged(key)) {
                throw AuthError.validation(key.isBlank() ? "data keys must not be empty"
                        : "data." + shown(key) + " cannot be set: roles and organizations are managed by the server");
            }
            Object v = e.getValue();
            checkValue(v, "data." + shown(key), 2);
            if ((key.equals("avatar_url") || key.equals("picture")) && v != null && (!(v instanceof String s)
                    || (!s.isEmpty() && !s.toLowerCase(Locale.ROOT).startsWith("https://")))) {
                throw AuthError.validation("data." + key + " must be an https URL");
            }
            out.put(key, v);
        }
        checkSize(out);
        return out;
    }

    /** The limits on the metadata as it will be stored (after merging an update into what is there). */
    public static void checkSize(Map<String, Object> metadata) {
        if (countKeys(metadata) > MAX_KEYS) {
            throw AuthError.validation("user_metadata may have at most " + MAX_KEYS + " keys");
        }
        if (JSON.writeValueAsBytes(metadata).length > MAX_BYTES) {
            throw AuthError.validation("user_metadata may be at most " + MAX_BYTES + " bytes as JSON");
        }
    }

    private static void checkValue(Object v, String field, int depth) {
        if (v instanceof Map<?, ?> m) {
            if (depth > MAX_DEPTH) {
                throw AuthError.validation(field + " is nested too deeply (at most " + MAX_DEPTH + " levels)");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                StorableText.require(String.valueOf(e.getKey()), field + " key");
                checkValue(e.getValue(), field, depth + 1);
            }
        } else if (v instanceof List<?> list) {
            if (depth > MAX_DEPTH) {
                throw AuthError.validation(field + " is nested too deeply (at most " + MAX_DEPTH + " levels)");
            }
            for (Object item : list) {
                checkValue(item, field, depth + 1);
            }
        } else if (v instanceof String s) {
            StorableText.require(s, field);
        }
    }

    private static int countKeys(Object v) {
        int n = 0;
        if (v instanceof Map<?, ?> m) {
            n += m.size();
            for (Object child : m.values()) {
                n += countKeys(child);
            }
        } else if (v instanceof List<?> list) {
            for (Object child : list) {
                n += countKeys(child);
            }
        }
        return n;
    }

    static boolean looksPrivileged(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
        for (String part : DENIED_PARTS) {
            if (k.contains(part)) {
                return true;
            }
        }
        if (DENIED_WORDS.contains(k)) {
            return true;
        }
        // Words split on separators and camelCase: org_name, orgName, Org-ID.
        String spaced = key.replaceAll("([\\p{Ll}\\p{N}])(\\p{Lu})", "$1 $2").toLowerCase(Locale.ROOT);
        for (String word : spaced.split("[^\\p{L}\\p{N}]+")) {
            if (DENIED_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A client-supplied key, bounded and reduced to safe characters for the error message. */
    static String shown(String key) {
        String k = key.replaceAll("[^A-Za-z0-9_.-]", "?");
        return k.length() > 64 ? k.substring(0, 64) + "..." : k;
    }
}
