package com.leadignite.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new com.leadignite.security.resources.PasswordHashingBulkhead(
            new com.leadignite.security.resources.ResourceLimitProperties(0, java.time.Duration.ofSeconds(5), 32, 1_048_576, 256, 100, 200_000),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

    @Test
    void hashesWithArgon2idAtLeastAtSpringDefaults() {
        String hash = hasher.hash("Glacier-Pencil-Orbit-42");
        // $argon2id$v=19$m=19456,t=2,p=1$salt$hash
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHasher.MEMORY_KIB).isGreaterThanOrEqualTo(1 << 14);
        assertThat(PasswordHasher.ITERATIONS).isGreaterThanOrEqualTo(2);
        assertThat(hasher.matches("Glacier-Pencil-Orbit-42", hash)).isTrue();
        assertThat(hasher.matches("glacier-pencil-orbit-42", hash)).isFalse();
        assertThat(hasher.hash("Glacier-Pencil-Orbit-42")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void aMissingHashNeverMatches() {
        assertThat(hasher.matches("anything", null)).isFalse();
        assertThat(hasher.matches("", "")).isFalse();
    }

    @Test
    void weakerStoredParametersAreUpgraded() {
        String old = new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode("x-password-1");
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("x-password-1"))).isFalse();
    }
}
