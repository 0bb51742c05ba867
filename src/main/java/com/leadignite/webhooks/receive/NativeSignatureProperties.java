package com.leadignite.webhooks.receive;

import com.leadignite.config.logging.Redacted;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * HighLevel's public keys for its native webhook signatures (PEM, X.509 {@code PUBLIC KEY}). Unset: native
 * GoHighLevel signatures are refused (Standard Webhooks signatures still verify). Parsed at start-up by
 * {@link NativeSignatureKeys}, which refuses a key that is not one.
 *
 * @param ghlPublicKey    {@code GHL_WEBHOOK_PUBLIC_KEY}: Ed25519, for {@code X-GHL-Signature}
 * @param ghlRsaPublicKey {@code GHL_WEBHOOK_RSA_PUBLIC_KEY}: RSA, for the legacy {@code x-wh-signature}
 */
@Validated
@ConfigurationProperties("leadignite.webhooks.native")
public record NativeSignatureProperties(String ghlPublicKey, String ghlRsaPublicKey) {

    @Override
    public String toString() {
        // Public keys, but long and noisy in a start-up report: only whether they are set.
        return "NativeSignatureProperties[ghlPublicKey=" + Redacted.secret(ghlPublicKey) + ", ghlRsaPublicKey="
                + Redacted.secret(ghlRsaPublicKey) + "]";
    }
}
