package com.leadignite.auth.mfa;

import com.leadignite.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * TOTP secrets: 20 random bytes (160 bits, the HMAC-SHA-1 block RFC 4226 recommends), sealed with the
 * master key. The associated data binds a sealed secret to its factor and user, so a ciphertext copied
 * onto another row does not open.
 */
@Component
public class FactorSecrets {

    static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey masterKey;

    public FactorSecrets(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    byte[] generate() {
        byte[] raw = new byte[SECRET_BYTES];
        RANDOM.nextBytes(raw);
        return raw;
    }

    byte[] seal(byte[] secret, UUID factorId, UUID userId) {
        return masterKey.encrypt(secret, associatedData(factorId, userId));
    }

    byte[] open(byte[] sealed, UUID factorId, UUID userId) {
        return masterKey.decrypt(sealed, associatedData(factorId, userId));
    }

    /** A sealed secret moved onto the current key of {@code keys} (master-key rotation, {@link FactorSecretResealer}). */
    static byte[] reseal(MasterKey keys, byte[] sealed, UUID factorId, UUID userId) {
        return keys.reseal(sealed, associatedData(factorId, userId));
    }

    private static byte[] associatedData(UUID factorId, UUID userId) {
        return ("mfa_factor:" + factorId + ":" + userId).getBytes(StandardCharsets.US_ASCII);
    }
}
