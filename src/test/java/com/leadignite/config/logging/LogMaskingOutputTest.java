package com.leadignite.config.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Secrets logged through SLF4J, by any logger and in any part of the event, never reach the console. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingOutputTest {

    private static final Logger log = LoggerFactory.getLogger("some.third.party.Client");

    static final String JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxMjMiLCJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJlLXBhcnQtaGVyZQ";
    static final String REFRESH = "v1rT0k3nOpaqueRefreshValue9";
    static final String PASSWORD = "Hunter2-Very-Secret!";
    static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String API_KEY = "vapi-key-8f7d6c5b4a39";
    static final String COOKIE_VALUE = "sessionCookieValue42";
    static final String PEM_BODY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPrivateKeyMaterial";

    @Test
    void secretsAreMaskedInEveryPartOfTheEvent(CapturedOutput output) {
        log.info("Authorization: Bearer {}", JWT);
        log.info("request headers {{authorization=[Basic dXNlcjpwYXNzd29yZA==], cookie=[__Host-sb={}; other=1]}}", COOKIE_VALUE);
        log.info("refresh_token={} password={}", REFRESH, PASSWORD);
        log.info("body {{\"refresh_token\":\"{}\",\"email\":\"a@b.test\"}}", REFRESH);
        log.warn("endpoint created with secret {}", WHSEC);
        log.atInfo().addKeyValue("api_key", API_KEY).addKeyValue("access_token", JWT).log("integration connected");
        log.info("loaded key -----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----", PEM_BODY);
        MDC.put("password", PASSWORD);
        try {
            log.info("with a secret in the context");
        } finally {
            MDC.remove("password");
        }
        log.error("verification failed", new IllegalStateException("bad token " + JWT + " for password=" + PASSWORD));

        String out = output.getAll();
        assertThat(out).contains("integration connected", "verification failed", "endpoint created with secret",
                "a@b.test", "[REDACTED]");
        for (String secret : List.of(JWT, "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0", REFRESH, PASSWORD, WHSEC, API_KEY,
                COOKIE_VALUE, PEM_BODY, "dXNlcjpwYXNzd29yZA==")) {
            assertThat(out).as("log output must not contain %s", secret).doesNotContain(secret);
        }
    }
}
