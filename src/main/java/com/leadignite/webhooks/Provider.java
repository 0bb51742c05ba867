package com.leadignite.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** The providers an endpoint can be registered for; the enum name is the path and JSON value. */
public enum Provider {
    vapi, ghl, elevenlabs;

    public static Optional<Provider> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.name().equals(value)).findFirst();
    }
}
