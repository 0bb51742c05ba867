package com.leadignite.webhooks.receive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature checks over the raw body bytes, before anything parses them. Every comparison is
 * constant-time ({@link MessageDigest#isEqual}); several candidate secrets (current and, during a
 * rotation overlap, previous) and several signatures in one header are all tried.
 */
public final class SignatureVerifier {

    /** A delivery whose signature matched: its message id and the (still unchecked) timestamp text. */
    public record Verified(String messageId, String timestamp) {
    }

    static final int MAX_MESSAGE_ID = 256;
    private static final int MAX_SIGNATURES = 20;

    private SignatureVerifier() {
    }

    /**
     * Standard Webhooks: {@code webhook-signature} is a space-separated list of {@code v1,<base64 HMAC-SHA256
     * of "id.timestamp.body">}, keyed with the base64-decoded part of the secret after {@code whsec_}.
     * Other versions are ignored.
     */
    public static Optional<Verified> standard(List<String> secrets, String id, String timestamp, String signatureHeader,
                                              byte[] body) {
        if (blank(id) || blank(timestamp) || blank(signatureHeader) || id.length() > MAX_MESSAGE_ID
                || timestamp.length() > 20) {
            return Optional.empty();
        }
        List<byte[]> offered = new java.util.ArrayList<>();
        for (String part : signatureHeader.trim().split(" +", MAX_SIGNATURES + 1)) {
            int comma = part.indexOf(',');
            if (comma < 0 || !"v1".equals(part.substring(0, comma))) {
                continue;
            }
            try {
                offered.add(Base64.getDecoder().decode(part.substring(comma + 1)));
            } catch (IllegalArgumentException notBase64) {
                // an undecodable candidate simply does not match
            }
        }
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String secret : secrets) {
            byte[] key = standardKey(secret);
            if (key == null) {
                continue;
            }
            byte[] expected = hmac(key, prefix, body);
            for (byte[] candidate : offered) {
                // no early exit: the work does not depend on which candidate matched
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return match ? Optional.of(new Verified(id, timestamp)) : Optional.empty();
    }

    /**
     * ElevenLabs: {@code ElevenLabs-Signature: t=<ts>,v0=<hex HMAC-SHA256 of "ts.body">} keyed with the
     * whole secret string as issued. The message id is derived from the timestamp and body, so the same
     * signed delivery sent again is recognised as a replay.
     */
    public static Optional<Verified> elevenLabs(List<String> secrets, String header, byte[] body) {
        if (blank(header) || header.length() > 2048) {
            return Optional.empty();
        }
        String timestamp = null;
        List<byte[]> offered = new java.util.ArrayList<>();
        for (String part : header.split(",", MAX_SIGNATURES + 1)) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                timestamp = p.substring(2);
            } else if (p.startsWith("v0=")) {
                try {
                    offered.add(HexFormat.of().parseHex(p.substring(3)));
                } catch (IllegalArgumentException notHex) {
                    // does not match
                }
            }
        }
        if (blank(timestamp) || timestamp.length() > 20 || offered.isEmpty()) {
            return Optional.empty();
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String secret : secrets) {
            byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8), prefix, body);
            for (byte[] candidate : offered) {
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!match) {
            return Optional.empty();
        }
        return Optional.of(new Verified("elevenlabs_" + timestamp + "_" + HexFormat.of().formatHex(sha256(body)), timestamp));
    }

    /** Signs like a Standard Webhooks sender (used by tests and by anyone replaying a stored event). */
    public static String signStandard(String secret, String id, long timestamp, byte[] body) {
        byte[] mac = hmac(standardKey(secret), (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    public static String signElevenLabs(String secret, long timestamp, byte[] body) {
        byte[] mac = hmac(secret.getBytes(StandardCharsets.UTF_8), (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "t=" + timestamp + ",v0=" + HexFormat.of().formatHex(mac);
    }

    private static byte[] standardKey(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
