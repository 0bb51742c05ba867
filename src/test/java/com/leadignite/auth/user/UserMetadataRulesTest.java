package com.leadignite.auth.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.auth.api.AuthError;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserMetadataRulesTest {

    @Test
    void profileKeysPass() {
        Map<String, Object> in = new HashMap<>();
        in.put("full_name", "Ada");
        in.put("avatar_url", "https://cdn.example.test/a.png");
        in.put("locale", null);
        assertThat(UserMetadataRules.validate(in)).isEqualTo(in);
    }

    @Test
    void anyProfileKeyAndJsonValuePassesAsInSupabase() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("display_name", "Ada L.");
        in.put("shoe_size", 42);
        in.put("newsletter", true);
        in.put("Georgia_office", "yes");
        in.put("preferences", Map.of("theme", "dark", "shortcuts", List.of("a", "b")));
        in.put("<script>", "x");
        assertThat(UserMetadataRules.validate(in)).isEqualTo(in);
    }

    @Test
    void keysNamingAuthorizationFailInAnySpelling() {
        for (String key : new String[] {"role", "Role", "ROLE", "user_role", "roles", "org", "Org", "org_id", "org-id",
                "orgId", "OrgID", "org_name", "organization", "organization_id", "app_metadata", "appMetadata",
                "is_admin", "isAdmin", "admin", "tenant", "tenant_id", "permissions", "Permissions", "claims", "aal",
                "AAL", "amr", "sub", "aud", "scope", "session_id"}) {
            assertThatThrownBy(() -> UserMetadataRules.validate(Map.of(key, "x"))).as(key)
                    .isInstanceOfSatisfying(AuthError.class, e -> {
                        assertThat(e.code()).isEqualTo("validation_failed");
                        assertThat(e.getMessage()).contains("managed by the server").doesNotContain("<");
                    });
        }
    }

    @Test
    void sizeDepthAndKeyCountAreBounded() {
        assertThat(UserMetadataRules.validate(Map.of("bio", "x".repeat(16_000)))).hasSize(1);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("bio", "x".repeat(16 * 1024))))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.getMessage()).contains("16384 bytes"));
        // depth 4 (the metadata itself is level 1) passes, depth 5 fails
        assertThat(UserMetadataRules.validate(Map.of("a", Map.of("b", Map.of("c", Map.of("d", "e")))))).hasSize(1);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of()))))))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.getMessage()).contains("nested too deeply"));
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("a", List.of(List.of(List.of(List.of("x")))))))
                .isInstanceOf(AuthError.class);
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            many.put("k" + i, i);
        }
        assertThat(UserMetadataRules.validate(many)).hasSize(64);
        many.put("k64", 64);
        assertThatThrownBy(() -> UserMetadataRules.validate(many))
                .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.getMessage()).contains("64 keys"));
    }

    @Test
    void unstorableTextFailsAtAnyDepth() {
        for (Object bad : new Object[] {"a\u0000b", "\uD800", Map.of("x", "\uDC00"), List.of("ok", "a\u0000"),
                Map.of("k\u0000", "v")}) {
            assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("display_name", bad))).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(AuthError.class, e -> assertThat(e.code()).isEqualTo("validation_failed"));
        }
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("k\u0000", "v"))).isInstanceOf(AuthError.class);
    }

    @Test
    void urlsStayHttps() {
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("avatar_url", "javascript:alert(1)"))).isInstanceOf(AuthError.class);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("picture", "http://insecure.test/p.png"))).isInstanceOf(AuthError.class);
    }
}
