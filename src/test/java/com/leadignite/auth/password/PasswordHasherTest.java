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
    void everyHashAndCheckRunsInsideTheBulkhead() throws Exception {
        var bulkhead = new com.leadignite.security.resources.PasswordHashingBulkhead(
                new com.leadignite.security.resources.ResourceLimitProperties(1, java.time.Duration.ofMillis(50), 32, 1_048_576, 256, 100, 200_000),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        PasswordHasher limited = new PasswordHasher(bulkhead);
        String hash = limited.hash("Glacier-Pencil-Orbit-42");
        var held = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> bulkhead.run(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        held.await();
        try {
            for (Runnable call : java.util.List.<Runnable>of(
                    () -> limited.hash("x"), () -> limited.matches("x", hash),
                    () -> limited.matches("x", null), () -> limited.dummyCheck("x"))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
                        .isInstanceOf(com.leadignite.security.resources.CapacityExceededException.class);
            }
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(limited.matches("Glacier-Pencil-Orbit-42", hash)).as("a free permit again").isTrue();
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
