package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Password policy over HTTP: length, bundled common-password list (case-insensitive), variety. */
@IntegrationTest
class PasswordRulesTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    AuthTestClient auth;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    private Http.Response signUp(String password) {
        return auth.signUpRaw(Map.of("email", AuthTestClient.email("pw"), "password", password,
                "data", Map.of("org_name", "Pw org")));
    }

    private List<String> reasons(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("error_code").asString()).isEqualTo("weak_password");
        assertThat(r.header("x-sb-error-code")).isEqualTo("weak_password");
        return r.json().get("weak_password").get("reasons").valueStream().map(n -> n.asString()).toList();
    }

    @Test
    void tooShortIsWeakForLength() {
        assertThat(reasons(signUp("Xk9#mQ2!z"))).containsExactly("length");
        assertThat(signUp("Xk9#mQ2!zP").status()).as("ten characters are enough").isEqualTo(200);
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        for (String p : new String[] {"password123", "qwertyuiop", "Password123!", "ILOVEYOU2024", "1q2w3e4r5t", "Liverpool123"}) {
            assertThat(reasons(signUp(p))).as(p).contains("pwned");
        }
    }

    @Test
    void fewDistinctCharactersAreRefused() {
        assertThat(reasons(signUp("abababababab"))).contains("characters");
        assertThat(reasons(signUp("zzzzzzzzzzzzzzzzzz"))).contains("characters");
    }

    @Test
    void absurdlyLongPasswordsAreAValidationError() {
        Http.Response r = signUp("Aa1!".repeat(100));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error_code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void aWeakPasswordIsRefusedOnPasswordChangeToo() {
        var s = auth.signUpOrg();
        Http.Response r = auth.putUser(s.get("access_token").asString(), Map.of("password", "Football2024"));
        assertThat(reasons(r)).contains("pwned");
    }
}
