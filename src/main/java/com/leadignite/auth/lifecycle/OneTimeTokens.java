package com.leadignite.auth.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A mailed token: a 256-bit random link value (the {@code token_hash} of the link, as Supabase names it)
 * and a 6-digit code. Only SHA-256 of each is stored; the code's digest is bound to its link's, so a code
 * matches only the row it was minted with.
 */
record OneTimeTokens(String link, String code) {

    static final int MAX_FAILED_CODES = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    static OneTimeTokens mint() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new OneTimeTokens(Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                String.format("%06d", RANDOM.nextInt(1_000_000)));
    }

    byte[] linkHash() {
        return linkHash(link);
    }

    byte[] codeHash() {
        return codeHash(linkHash(), code);
    }

    static byte[] linkHash(String link) {
        return sha256(link.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] codeHash(byte[] linkHash, String code) {
        byte[] c = code.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[linkHash.length + c.length];
        System.arraycopy(linkHash, 0, all, 0, linkHash.length);
        System.arraycopy(c, 0, all, linkHash.length, c.length);
        return sha256(all);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OneTimeTokens[***]";
    }
}
