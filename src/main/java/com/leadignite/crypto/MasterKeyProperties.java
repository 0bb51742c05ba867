package com.leadignite.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param masterKey     base64 of 32 random bytes ({@code LEADIGNITE_MASTER_KEY})
 * @param masterKeyFile a file holding that base64 text ({@code LEADIGNITE_MASTER_KEY_FILE})
 */
@ConfigurationProperties("leadignite")
public record MasterKeyProperties(String masterKey, String masterKeyFile) {

    @Override
    public String toString() {
        return "MasterKeyProperties[masterKey=" + (masterKey == null || masterKey.isBlank() ? "unset" : "******")
                + ", masterKeyFile=" + masterKeyFile + "]";
    }
}
