package com.leadignite.config.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The dev profile's readable console lines are masked in every part, exactly like the JSON output. */
class MaskedTextLogFormatterTest {

    static final String JWT = LogMaskingOutputTest.JWT;
    static final String PASSWORD = LogMaskingOutputTest.PASSWORD;
    static final String WHSEC = LogMaskingOutputTest.WHSEC;
    static final String API_KEY = LogMaskingOutputTest.API_KEY;

    private final Logger logger = new LoggerContext().getLogger("some.third.party.Client");

    @Test
    void oneReadableLineWithEverySecretMasked() {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "Authorization: Bearer {} then password={} and {}", null, new Object[] {JWT, PASSWORD, WHSEC});
        event.addKeyValuePair(new KeyValuePair("api_key", API_KEY));
        event.addKeyValuePair(new KeyValuePair("note", "token=" + PASSWORD));
        event.setMDCPropertyMap(Map.of("request_id", "req-1", "password", PASSWORD));
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
                new IllegalStateException("bad token " + JWT + " for password=" + PASSWORD)));

        String out = new MaskedTextLogFormatter().format(event);

        String first = out.lines().findFirst().orElseThrow();
        assertThat(first).doesNotStartWith("{").contains(" WARN ", "some.third.party.Client : ", "Authorization: Bearer [REDACTED]",
                "request_id=req-1", "api_key=[REDACTED]", "password=[REDACTED]");
        assertThat(out).contains("IllegalStateException", "at com.leadignite").endsWith("\n");
        for (String secret : List.of(JWT, "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0", PASSWORD, WHSEC, API_KEY)) {
            assertThat(out).as("must not contain %s", secret).doesNotContain(secret);
        }
    }
}
