package com.leadignite.config.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void masksCredentialsAndKeepsTheRest() {
        assertThat(LogMasking.mask("GET /api/v1/leads 200 12ms")).isEqualTo("GET /api/v1/leads 200 12ms");
        assertThat(LogMasking.mask("Authorization: Bearer abc.def.ghi-jkl")).isEqualTo("Authorization: Bearer [REDACTED]");
        assertThat(LogMasking.mask("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig")).doesNotContain("eyJ");
        assertThat(LogMasking.mask("secret whsec_abcdefghijklmnop")).isEqualTo("secret [REDACTED]");
        assertThat(LogMasking.mask("{\"password\":\"pw123456\",\"email\":\"a@b.test\"}"))
                .isEqualTo("{\"password\":\"[REDACTED]\",\"email\":\"a@b.test\"}");
        assertThat(LogMasking.mask("x-api-key=abc123 next")).isEqualTo("x-api-key=[REDACTED] next");
        assertThat(LogMasking.mask("Cookie: a=b; c=d")).isEqualTo("Cookie: [REDACTED]");
        assertThat(LogMasking.mask("a -----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY----- b"))
                .isEqualTo("a [REDACTED] b");
    }

    @Test
    void secretNamesAreRecognised() {
        assertThat(LogMasking.secretName("refresh_token")).isTrue();
        assertThat(LogMasking.secretName("password")).isTrue();
        assertThat(LogMasking.secretName("api_key")).isTrue();
        assertThat(LogMasking.secretName("request_id")).isFalse();
        assertThat(LogMasking.secretName("client_ip")).isFalse();
        assertThat(LogMasking.secretName("message")).isFalse();
    }

    @Test
    void aPlaceholderIsNotASecret() {
        assertThat(LogMasking.mask("curl -d '{\"email\":\"you@example.com\",\"password\":\"<at least 10 characters>\"}'"))
                .isEqualTo("curl -d '{\"email\":\"you@example.com\",\"password\":\"<at least 10 characters>\"}'");
        assertThat(LogMasking.mask("password=<your password> next")).isEqualTo("password=<your password> next");
        // a bracketed value without a space is not a placeholder, and text after the placeholder is still read
        assertThat(LogMasking.mask("password=<hunter2>")).isEqualTo("password=[REDACTED]");
        assertThat(LogMasking.mask("password=\"<at least 10 characters>\" token=abcdef"))
                .isEqualTo("password=\"<at least 10 characters>\" token=[REDACTED]");
    }

    /** The regex rules backtracked over long runs of name characters: quadratic time on a long word. */
    @Test
    void costIsLinearOnHostileText() {
        String word = "a".repeat(200_000);
        String manyKeywords = "password".repeat(25_000);
        String manyBearers = "bearer ".repeat(25_000) + "x";
        assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            for (String text : new String[] {word, manyKeywords, manyBearers, word + "=x", "x-" + word + "token"}) {
                LogMasking.mask(text);
                LogMasking.secretName(text);
            }
            return LogMasking.mask("token=" + word);
        })).isEqualTo("token=[REDACTED]");
    }
}
