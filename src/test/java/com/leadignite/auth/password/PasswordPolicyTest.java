package com.leadignite.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.auth.api.AuthError;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void bundlesSeveralThousandCommonPasswords() {
        assertThat(policy.size()).isGreaterThan(3000);
    }

    @Test
    void reasons() {
        assertThatThrownBy(() -> policy.check("short1!")).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.weakPasswordReasons()).containsExactly("length"));
        assertThatThrownBy(() -> policy.check("QwErTy123456")).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.weakPasswordReasons()).containsExactly("pwned"));
        assertThatThrownBy(() -> policy.check("aaaaaa")).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.weakPasswordReasons()).containsExactly("length", "characters", "pwned"));
        policy.check("Velvet-Compass-Drift-7");
        policy.check("correct horse battery staple");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThatThrownBy(() -> policy.check("😀😀😀😀😀a")).isInstanceOf(AuthError.class);
    }
}
