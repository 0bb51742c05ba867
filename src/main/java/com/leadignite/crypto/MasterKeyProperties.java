package com.leadignite.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * @param masterKey             base64 of 32 random bytes ({@code LEADIGNITE_MASTER_KEY}): seals everything new
 * @param masterKeyFile         a file holding that base64 text ({@code LEADIGNITE_MASTER_KEY_FILE})
 * @param masterKeyPrevious     retired master keys, comma-separated base64 ({@code LEADIGNITE_MASTER_KEY_PREVIOUS}):
 *                              they only open values sealed before a rotation
 * @param masterKeyPreviousFile a file holding that list ({@code LEADIGNITE_MASTER_KEY_PREVIOUS_FILE}; commas or
 *                              line breaks separate keys)
 */
@Validated
@ConfigurationProperties("leadignite")
public record MasterKeyProperties(String masterKey, String masterKeyFile, String masterKeyPrevious,
                                  String masterKeyPreviousFile) {

    @ConstructorBinding
    public MasterKeyProperties {
    }

    public MasterKeyProperties(String masterKey, String masterKeyFile) {
        this(masterKey, masterKeyFile, null, null);
    }

    @Override
    public String toString() {
        return "MasterKeyProperties[masterKey=" + masked(masterKey) + ", masterKeyFile=" + masterKeyFile
                + ", masterKeyPrevious=" + masked(masterKeyPrevious) + ", masterKeyPreviousFile=" + masterKeyPreviousFile + "]";
    }

    private static String masked(String secret) {
        return secret == null || secret.isBlank() ? "unset" : "******";
    }
}
