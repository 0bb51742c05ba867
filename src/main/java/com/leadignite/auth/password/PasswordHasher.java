package com.leadignite.auth.password;

import java.security.SecureRandom;
import java.util.Base64;
import com.leadignite.security.resources.PasswordHashingBulkhead;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing: 16-byte salt, 32-byte hash, 19 MiB memory, 2 iterations, parallelism 1 (OWASP's
 * minimum recommendation; above Spring Security's 5.8 defaults of 16 MiB). A check for an account that
 * does not exist (or has no password) is run against a dummy hash with the same parameters, so it costs
 * the same as a real one and the answer time does not reveal which accounts exist. Every hash and check
 * runs inside the {@link PasswordHashingBulkhead}, so a flood of sign-ins cannot take every CPU.
 */
@Component
public class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    static final int SALT_LENGTH = 16;
    static final int HASH_LENGTH = 32;
    static final int PARALLELISM = 1;
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB, ITERATIONS);
    private final String dummyHash;
    private final PasswordHashingBulkhead bulkhead;

    public PasswordHasher(PasswordHashingBulkhead bulkhead) {
        this.bulkhead = bulkhead;
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.dummyHash = encoder.encode(Base64.getEncoder().encodeToString(random));
    }

    public String hash(String password) {
        return bulkhead.run(() -> encoder.encode(password));
    }

    /** Verifies against {@code storedHash}, or against the dummy hash when there is none (always false). */
    public boolean matches(String password, String storedHash) {
        if (storedHash == null || storedHash.isBlank()) {
            bulkhead.run(() -> encoder.matches(password, dummyHash));
            return false;
        }
        return bulkhead.run(() -> encoder.matches(password, storedHash));
    }

    /** Burns the same work as a real check; for attempts refused before their password is looked at. */
    public void dummyCheck(String password) {
        bulkhead.run(() -> encoder.matches(password == null ? "" : password, dummyHash));
    }

    public boolean needsRehash(String storedHash) {
        return storedHash != null && encoder.upgradeEncoding(storedHash);
    }
}
