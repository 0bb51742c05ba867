package com.leadignite.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the master key. Ciphertexts are {@code version(1) | keyId(4) | iv(12) | ct+tag}; the
 * key id (first bytes of SHA-256 of the key) lets a rotation tell which key sealed a value, and the
 * caller's associated data (for example the org id) binds a ciphertext to its owner so it cannot be
 * moved to another row.
 */
public final class MasterKey {

    private static final byte FORMAT_V1 = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final byte[] keyId;

    public MasterKey(byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("master key must be exactly 32 bytes");
        }
        this.key = new SecretKeySpec(raw.clone(), "AES");
        this.keyId = Arrays.copyOf(sha256(raw), 4);
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(header(associatedData));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + 4 + IV_BYTES + ct.length)
                    .put(FORMAT_V1).put(keyId).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] sealed, byte[] associatedData) {
        if (sealed == null || sealed.length < 1 + 4 + IV_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new IllegalArgumentException("not a sealed value");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(sealed, 1, 5), keyId)) {
            throw new IllegalArgumentException("sealed with another master key");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 5, IV_BYTES));
            c.updateAAD(header(associatedData));
            return c.doFinal(sealed, 5 + IV_BYTES, sealed.length - 5 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed value failed authentication", e);
        }
    }

    /** Short public fingerprint for logs: identifies the key, reveals nothing of it. */
    public String fingerprint() {
        return java.util.HexFormat.of().formatHex(keyId);
    }

    private static byte[] header(byte[] associatedData) {
        return associatedData == null ? new byte[0] : associatedData;
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + fingerprint() + "]";
    }
}
