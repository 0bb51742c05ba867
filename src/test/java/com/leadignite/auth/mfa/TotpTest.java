package com.leadignite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B (SHA-1 rows) and the acceptance window around the current step. */
class TotpTest {

    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfc6238TestVectors() {
        long[][] vectors = {
                {59L, 94287082L}, {1111111109L, 7081804L}, {1111111111L, 14050471L},
                {1234567890L, 89005924L}, {2000000000L, 69279037L}, {20000000000L, 65353130L}};
        for (long[] v : vectors) {
            assertThat(Totp.code(SEED, Totp.step(v[0]), 8)).as("T=%d", v[0]).isEqualTo(String.format("%08d", v[1]));
        }
        // Six digits are the last six of the eight.
        assertThat(Totp.code(SEED, Totp.step(59), 6)).isEqualTo("287082");
    }

    @Test
    void acceptsTheNeighbouringStepsOnlyAndEachStepOnce() {
        long now = Totp.step(1_111_111_111L);
        String current = Totp.code(SEED, now, 6);
        assertThat(Totp.match(SEED, current, now, Long.MIN_VALUE)).hasValue(now);
        assertThat(Totp.match(SEED, Totp.code(SEED, now - 1, 6), now, Long.MIN_VALUE)).hasValue(now - 1);
        assertThat(Totp.match(SEED, Totp.code(SEED, now + 1, 6), now, Long.MIN_VALUE)).hasValue(now + 1);
        assertThat(Totp.match(SEED, Totp.code(SEED, now - 2, 6), now, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.match(SEED, Totp.code(SEED, now + 2, 6), now, Long.MIN_VALUE)).isEmpty();
        // Replay: the step was used already, and so was everything before it.
        assertThat(Totp.match(SEED, current, now, now)).isEmpty();
        assertThat(Totp.match(SEED, Totp.code(SEED, now - 1, 6), now, now)).isEmpty();
        assertThat(Totp.match(SEED, Totp.code(SEED, now + 1, 6), now, now)).hasValue(now + 1);
    }

    @Test
    void refusesMalformedCodes() {
        long now = Totp.step(59);
        for (String bad : new String[] {null, "", "28708", "2870822", "28708a", " 287082", "２８７０８２"}) {
            assertThat(Totp.match(SEED, bad, now, Long.MIN_VALUE)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void encodesBase32AsRfc4648() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.base32(SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    void buildsAKeyUriAuthenticatorAppsRead() {
        assertThat(MfaService.uri("Lead Ignite", "a+b@example.test", "ABC"))
                .isEqualTo("otpauth://totp/Lead%20Ignite:a%2Bb%40example.test?secret=ABC&issuer=Lead%20Ignite"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
