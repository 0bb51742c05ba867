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

    /**
     * Vapi's HMAC authentication plan with its defaults: {@code x-signature} = hex HMAC-SHA256 over
     * {@code "<x-timestamp>.<body>"}, keyed with the endpoint secret string exactly as issued;
     * {@code x-timestamp} in seconds or milliseconds. Vapi sends no message id, so it is derived from the
     * timestamp and body (the same signed delivery again is a replay).
     */
    public static Optional<Verified> vapi(List<String> secrets, String signature, String timestamp, byte[] body) {
        if (blank(signature) || blank(timestamp) || signature.length() > 256 || timestamp.length() > 20
                || !timestamp.matches("[0-9]{1,20}")) {
            return Optional.empty();
        }
        byte[] offered;
        try {
            offered = HexFormat.of().parseHex(signature.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String secret : secrets) {
            match |= MessageDigest.isEqual(hmac(secret.getBytes(StandardCharsets.UTF_8), prefix, body), offered);
        }
        if (!match) {
            return Optional.empty();
        }
        long value = Long.parseLong(timestamp);
        // Milliseconds from 2001 on are above 10^12; seconds stay below it until the year 33658.
        String seconds = Long.toString(value >= 1_000_000_000_000L ? value / 1000 : value);
        return Optional.of(new Verified("vapi_" + timestamp + "_" + HexFormat.of().formatHex(sha256(body)), seconds));
    }

    public static String signVapi(String secret, long timestamp, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * GoHighLevel's native signatures over the raw body, with HighLevel's public keys: {@code X-GHL-Signature}
     * (base64 Ed25519) and the legacy {@code x-wh-signature} (base64 RSA-SHA256). Only says whether HighLevel
     * signed these bytes; which org they are for is decided by the caller.
     */
    public static boolean ghl(java.security.PublicKey ed25519, java.security.PublicKey rsa, String ghlSignature,
                              String whSignature, byte[] body) {
        if (!blank(ghlSignature) && ed25519 != null) {
            return verify("Ed25519", ed25519, ghlSignature, body);
        }
        if (!blank(whSignature) && rsa != null) {
            return verify("SHA256withRSA", rsa, whSignature, body);
        }
        return false;
    }

    private static boolean verify(String algorithm, java.security.PublicKey key, String signature, byte[] body) {
        if (signature.length() > 2048) {
            return false;
        }
        try {
            java.security.Signature v = java.security.Signature.getInstance(algorithm);
            v.initVerify(key);
            v.update(body);
            return v.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
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
