package com.leadignite.auth.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.auth.api.AuthError;
import java.util.HashMap;
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
    void privilegedAndUnknownKeysFail() {
        for (String key : new String[] {"role", "Role", "org_id", "orgId", "app_metadata", "is_admin", "tenant", "roles",
                "permissions", "claims", "aal", "sub", "shoe_size", "<script>"}) {
            assertThatThrownBy(() -> UserMetadataRules.validate(Map.of(key, "x"))).as(key)
                    .isInstanceOfSatisfying(AuthError.class, e -> {
                        assertThat(e.code()).isEqualTo("validation_failed");
                        assertThat(e.getMessage()).doesNotContain("<");
                    });
        }
    }

    @Test
    void valuesAreShortStringsAndUrlsHttps() {
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("full_name", 5))).isInstanceOf(AuthError.class);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("name", "x".repeat(501)))).isInstanceOf(AuthError.class);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("avatar_url", "javascript:alert(1)"))).isInstanceOf(AuthError.class);
        assertThatThrownBy(() -> UserMetadataRules.validate(Map.of("picture", "http://insecure.test/p.png"))).isInstanceOf(AuthError.class);
    }
}
