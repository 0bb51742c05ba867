package com.leadignite.auth.user;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The GoTrue user object (API.md §2, REFERENCE.md §1.5) as {@code @supabase/auth-js} reads it. */
public final class UserJson {

    private UserJson() {
    }

    public static Map<String, Object> user(UserRecord u, List<Map<String, Object>> identities) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id().toString());
        m.put("aud", "authenticated");
        m.put("role", "authenticated");
        m.put("email", u.email());
        // Set once a mailed link or code (or a mailed invitation) proved the address; confirmed_at follows
        // it, as in GoTrue.
        m.put("email_confirmed_at", ts(u.emailConfirmedAt()));
        m.put("phone", "");
        m.put("confirmed_at", ts(u.emailConfirmedAt()));
        m.put("last_sign_in_at", ts(u.lastSignInAt()));
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("provider", u.provider());
        app.put("providers", List.of(u.provider()));
        app.put("org_id", u.orgId().toString());
        app.put("role", u.role());
        m.put("app_metadata", app);
        m.put("user_metadata", u.userMetadata() == null ? Map.of() : u.userMetadata());
        m.put("identities", identities);
        m.put("created_at", ts(u.createdAt()));
        m.put("updated_at", ts(u.updatedAt()));
        m.put("is_anonymous", false);
        return m;
    }

    static Map<String, Object> identity(UUID id, UUID userId, String provider, String providerId,
                                        Map<String, Object> data, Instant created, Instant updated, Instant lastSignIn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identity_id", id.toString());
        m.put("id", providerId);
        m.put("user_id", userId.toString());
        m.put("identity_data", data);
        m.put("provider", provider);
        m.put("last_sign_in_at", ts(lastSignIn));
        m.put("created_at", ts(created));
        m.put("updated_at", ts(updated));
        m.put("email", data.get("email"));
        return m;
    }

    static String ts(Instant i) {
        return i == null ? null : i.toString();
    }
}
