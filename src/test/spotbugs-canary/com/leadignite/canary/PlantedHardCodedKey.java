package com.leadignite.canary;

import javax.crypto.spec.SecretKeySpec;

/** Planted on purpose: an encryption key written into the code (Find Security Bugs HARD_CODE_KEY, high). */
public class PlantedHardCodedKey {

    public SecretKeySpec key() {
        return new SecretKeySpec(new byte[] {7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5, 7, 1, 4, 2}, "AES");
    }
}
