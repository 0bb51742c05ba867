package com.leadignite.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the master key ring. Ciphertexts are {@code version(1) | keyId(4) | iv(12) | ct+tag};
 * the key id (first bytes of SHA-256 of the key) says which key sealed a value, and the caller's
 * associated data (for example the org id) binds a ciphertext to its owner so it cannot be moved to
 * another row.
 *
 * <p>The ring holds the current key, which seals everything new, and any previous (retired) keys, which
 * only open values sealed before a rotation. Decryption picks the key by the id in the header, so
 * values sealed with either open while a rotation is under way; {@link #reseal} moves one onto the
 * current key.
 */
public final class MasterKey {

    private static final byte FORMAT_V1 = 1;
    private static final int KEY_ID_BYTES = 4;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private record Entry(SecretKey key, byte[] keyId) {
    }

    private final Entry current;
    /** Every key of the ring (current first) by the hex of its key id. */
    private final Map<String, Entry> byId;

    /** A ring of one key. */
    public MasterKey(byte[] raw) {
        this(raw, List.of());
    }

    /**
     * A ring that seals with {@code current} and also opens values sealed with any of {@code previous}.
     * A previous key equal to the current one is ignored; two different keys sharing a key id are refused
     * (the header could not tell them apart).
     */
    public MasterKey(byte[] current, List<byte[]> previous) {
        this.current = entry(current);
        Map<String, Entry> ring = new LinkedHashMap<>();
        ring.put(HEX.formatHex(this.current.keyId()), this.current);
        for (byte[] raw : previous) {
            Entry e = entry(raw);
            String id = HEX.formatHex(e.keyId());
            Entry existing = ring.get(id);
            if (existing == null) {
                ring.put(id, e);
            } else if (!MessageDigest.isEqual(existing.key().getEncoded(), e.key().getEncoded())) {
                throw new IllegalArgumentException("two different master keys share the key id " + id
                        + "; generate another key");
            }
        }
        this.byId = Map.copyOf(ring);
    }

    private static Entry entry(byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("master key must be exactly 32 bytes");
        }
        return new Entry(new SecretKeySpec(raw.clone(), "AES"), Arrays.copyOf(sha256(raw), KEY_ID_BYTES));
    }

    /** Seals with the current key. */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current.key(), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(header(associatedData));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + KEY_ID_BYTES + IV_BYTES + ct.length)
                    .put(FORMAT_V1).put(current.keyId()).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Opens a value sealed with any key of the ring, chosen by the key id in its header. */
    public byte[] decrypt(byte[] sealed, byte[] associatedData) {
        if (sealed == null || sealed.length < 1 + KEY_ID_BYTES + IV_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new IllegalArgumentException("not a sealed value");
        }
        String id = keyIdOf(sealed);
        Entry entry = byId.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("sealed with another master key (key id " + id + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, entry.key(), new GCMParameterSpec(TAG_BITS, sealed, 1 + KEY_ID_BYTES, IV_BYTES));
            c.updateAAD(header(associatedData));
            int offset = 1 + KEY_ID_BYTES + IV_BYTES;
            return c.doFinal(sealed, offset, sealed.length - offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed value failed authentication", e);
        }
    }

    /**
     * The value sealed with the current key: opened (with whichever key of the ring sealed it, so it is
     * authenticated either way) and sealed again, or returned unchanged when the current key sealed it.
     */
    public byte[] reseal(byte[] sealed, byte[] associatedData) {
        byte[] plain = decrypt(sealed, associatedData);
        try {
            return isCurrent(sealed) ? sealed : encrypt(plain, associatedData);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Whether the current key sealed this value (by its header; says nothing about its integrity). */
    public boolean isCurrent(byte[] sealed) {
        return sealed != null && sealed.length >= 1 + KEY_ID_BYTES && keyIdOf(sealed).equals(fingerprint());
    }

    /** Short public fingerprint of the current key (its key id): identifies the key, reveals nothing of it. */
    public String fingerprint() {
        return HEX.formatHex(current.keyId());
    }

    /** Fingerprints of every key of the ring, the current one first. */
    public List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        out.add(fingerprint());
        byId.keySet().stream().filter(id -> !id.equals(fingerprint())).sorted().forEach(out::add);
        return out;
    }

    /** Whether a key with this fingerprint (hex key id) is in the ring. */
    public boolean has(String fingerprint) {
        return byId.containsKey(fingerprint);
    }

    private static String keyIdOf(byte[] sealed) {
        return HEX.formatHex(sealed, 1, 1 + KEY_ID_BYTES);
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
        return "MasterKey[" + String.join(",", fingerprints()) + "]";
    }
}
