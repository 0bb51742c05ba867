package com.leadignite.integrations;

import java.util.Arrays;
import java.util.Optional;

/** The providers an org can connect (API.md §4): one OAuth provider and two API-key providers. */
public enum IntegrationProvider {
    ghl(false),
    vapi(true),
    elevenlabs(true);

    private final boolean apiKey;

    IntegrationProvider(boolean apiKey) {
        this.apiKey = apiKey;
    }

    /** Whether an admin enters an API key (else the credential comes from an OAuth flow). */
    public boolean usesApiKey() {
        return apiKey;
    }

    /** Exact, case-sensitive: {@code GHL} or {@code ghl%20} is no provider (a path with it answers 404). */
    public static Optional<IntegrationProvider> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.name().equals(text)).findFirst();
    }
}
