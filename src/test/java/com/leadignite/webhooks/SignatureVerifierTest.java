package com.leadignite.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.SettingsBinding;
import com.leadignite.webhooks.receive.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure checks of the verifier and the settings' start-up validation. */
class SignatureVerifierTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheSpecificationsPublishedExample() {
        // Standard Webhooks specification example: id msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330.
        assertThat(SignatureVerifier.signStandard(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void acceptsAnyMatchingV1AmongSeveralAndAnyCandidateSecret() {
        String good = SignatureVerifier.signStandard(SECRET, "m1", 100, BODY);
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(SignatureVerifier.standard(List.of(other, SECRET), "m1", "100", "v2,xx " + good, BODY)).isPresent();
        assertThat(SignatureVerifier.standard(List.of(other), "m1", "100", good, BODY)).isEmpty();
        assertThat(SignatureVerifier.standard(List.of(SECRET), "m1", "100", "v1a," + good.substring(3), BODY)).isEmpty();
        assertThat(SignatureVerifier.standard(List.of(SECRET), "m1", "100", "v1,!!notbase64", BODY)).isEmpty();
        assertThat(SignatureVerifier.standard(List.of(SECRET), "", "100", good, BODY)).isEmpty();
        assertThat(SignatureVerifier.standard(List.of(SECRET), "m".repeat(257), "100", good, BODY)).isEmpty();
    }

    @Test
    void elevenLabsUsesTheWholeSecretStringAndDerivesAStableMessageId() {
        String header = SignatureVerifier.signElevenLabs(SECRET, 100, BODY);
        var a = SignatureVerifier.elevenLabs(List.of(SECRET), header, BODY);
        var b = SignatureVerifier.elevenLabs(List.of(SECRET), header, BODY);
        assertThat(a).isPresent();
        assertThat(a.get().messageId()).isEqualTo(b.get().messageId());
        assertThat(a.get().timestamp()).isEqualTo("100");
        assertThat(SignatureVerifier.elevenLabs(List.of(SECRET.substring(6)), header, BODY)).isEmpty();
        assertThat(SignatureVerifier.elevenLabs(List.of(SECRET), header.substring(0, header.indexOf("v0=") + 3) + header.substring(header.indexOf("v0=") + 3).toUpperCase(), BODY))
                .as("hex case does not matter, the bytes do").isPresent();
    }

    @Test
    void settingsRefuseAReplayRetentionShorterThanTheTolerance() {
        assertThatThrownBy(() -> new WebhookProperties(Duration.ofMinutes(5), Duration.ofHours(24), 1 << 20,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(2), 20, 5, 4, Duration.ofMillis(500), 300, 600,
                Duration.ofMinutes(1), 2048, Duration.ofDays(30), Duration.ofMinutes(10), DataSize.ofMegabytes(100), 5))
                .hasMessageContaining("replay-retention");
        assertThat(SettingsBinding.failure(WebhookProperties.class, "leadignite.webhooks.timestamp-tolerance=0s"))
                .contains("leadignite.webhooks.timestamp-tolerance");
    }
}
