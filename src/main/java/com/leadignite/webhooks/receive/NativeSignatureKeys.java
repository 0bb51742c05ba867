package com.leadignite.webhooks.receive;

import com.leadignite.config.StartupFailure;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The parsed keys of {@link NativeSignatureProperties}; a value that is no such key stops start-up. */
@Component
public class NativeSignatureKeys {

    private final PublicKey ghlEd25519;
    private final PublicKey ghlRsa;

    public NativeSignatureKeys(NativeSignatureProperties props) {
        List<String> problems = new ArrayList<>();
        this.ghlEd25519 = parse("GHL_WEBHOOK_PUBLIC_KEY", props.ghlPublicKey(), "Ed25519", problems);
        this.ghlRsa = parse("GHL_WEBHOOK_RSA_PUBLIC_KEY", props.ghlRsaPublicKey(), "RSA", problems);
        if (!problems.isEmpty()) {
            throw new StartupFailure("Webhook verification keys refused", problems,
                    "Set HighLevel's published public keys as PEM (-----BEGIN PUBLIC KEY-----), or leave them unset.");
        }
    }

    public Optional<PublicKey> ghlEd25519() {
        return Optional.ofNullable(ghlEd25519);
    }

    public Optional<PublicKey> ghlRsa() {
        return Optional.ofNullable(ghlRsa);
    }

    static PublicKey parse(String name, String pem, String algorithm, List<String> problems) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            String b64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            problems.add(name + " is not a PEM " + algorithm + " public key");
            return null;
        }
    }
}
