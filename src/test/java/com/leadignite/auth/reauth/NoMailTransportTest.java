package com.leadignite.auth.reauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.leadignite.support.LogCapture;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NoMailTransportTest {

    @Test
    void saysTheCodeWasNotSentWithoutShowingCodeOrAddress() {
        LogCapture logs = LogCapture.attachTo((Logger) LoggerFactory.getLogger(NoMailTransport.class));
        try {
            UUID user = UUID.randomUUID();
            new NoMailTransport().send(user, "ada@example.test", "493817");
            assertThat(logs.snapshot()).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("no mail transport is configured").contains(user.toString())
                        .doesNotContain("493817").doesNotContain("ada@example.test");
            });
        } finally {
            logs.detach();
        }
    }
}
