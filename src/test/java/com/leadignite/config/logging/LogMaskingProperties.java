package com.leadignite.config.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The linear masking hides everything the regex-only masking hid: log-like text is assembled from secret
 * names, separators, quotes, header words, JWT, whsec_ and API-key shapes, PEM blocks and noise, and both
 * must give the same output (placeholders such as {@code <at least 10 characters>} are left out: the
 * old one mangled them, see {@link LogMaskingTest}). Then, for text that carries a known secret, that
 * secret must be gone.
 */
class LogMaskingProperties {

    private static final List<String> SECRETS = List.of("Hunter2-Very-Secret!", "v1rT0k3nOpaqueRefresh9",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La",
            "sk_live_abcdef123456", "sb_secret_Zyx987654321", "sbp_0123456789abcdef", "dXNlcjpwYXNzd29yZA==");

    @Provide
    Arbitrary<String> fragment() {
        return Arbitraries.oneOf(
                Arbitraries.of("password", "PassWord", "passwd", "pwd", "secret", "client_secret", "refresh_token",
                        "Token", "api_key", "x-api-key", "apikey", "API-KEY", "authorization", "Authorization",
                        "private_key", "privatekey", "credential", "signature", "cookie", "Set-Cookie", "session_key",
                        "Bearer", "bearer", "Basic", "basic", "[REDACTED]", "[redacted]", "whsec_", "whsk_",
                        "wsec_", "sk_live_", "sk_test_", "sb_secret_", "sbp_", "eyJ", "eyJhbGciOi", "-----BEGIN ",
                        "EC PRIVATE KEY-----", "PRIVATE KEY-----", "-----END ", "email", "a@b.test", "GET /api/v1"),
                Arbitraries.of("=", ":", ": ", " = ", "\"", "\":\"", "\": \"", " ", "\t", "\n", "\r\n", ",", ";", "&",
                        "}", "]", "{", "[", ".", "_", "-", "<", ">", "/", "+", "\u00e9", "\u212a", "\u0000"),
                Arbitraries.strings().withChars("abcXYZ019_.-~+/= ").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of(SECRETS));
    }

    @Property(tries = 3000)
    void sameOutputAsTheRegexMasking(@ForAll("text") String text) {
        assertThat(LogMasking.mask(text)).isEqualTo(LegacyLogMasking.mask(text));
    }

    @Property(tries = 2000)
    void everySecretTheOldMaskingHidIsHidden(@ForAll("text") String text) {
        String old = LegacyLogMasking.mask(text);
        String now = LogMasking.mask(text);
        for (String secret : SECRETS) {
            if (text.contains(secret) && !old.contains(secret)) {
                assertThat(now).as("%s in %s", secret, text).doesNotContain(secret);
            }
        }
    }

    @Property(tries = 2000)
    void secretNamesAsBefore(@ForAll("name") String name) {
        assertThat(LogMasking.secretName(name)).isEqualTo(LegacyLogMasking.secretName(name));
    }

    @Provide
    Arbitrary<String> text() {
        return fragment().list().ofMinSize(1).ofMaxSize(14).map(parts -> String.join("", parts))
                .filter(s -> !s.contains("<"));
    }

    @Provide
    Arbitrary<String> name() {
        return Arbitraries.oneOf(
                        Arbitraries.of("password", "PASSWD", "pwd", "Secret", "token", "api_key", "api-key", "apikey",
                                "Authorization", "cookie", "private-key", "privateKey", "credential", "signature",
                                "session_key", "sessionKey", "master-key", "request_id", "client_ip", "message",
                                "http.request.method", "event.duration_ms", "pass", "api", "key"),
                        Arbitraries.strings().withChars("abkeytoPASw_-.").ofMaxLength(8))
                .list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
    }
}
