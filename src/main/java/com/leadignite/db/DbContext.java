package com.leadignite.db;

import java.util.function.Supplier;

/**
 * Lets a piece of work run with claims of its own instead of the caller's, for work no end user is
 * behind: the auth component before anyone is signed in, webhook processing for an endpoint's org.
 * The claims apply to transactions begun inside {@code work}.
 */
public final class DbContext {

    /** Claims of the auth component; the auth tables' policies admit only these. */
    public static final String AUTH_SERVICE = "{\"role\":\"service_auth\"}";

    private static final ThreadLocal<String> OVERRIDE = new ThreadLocal<>();

    private DbContext() {
    }

    public static <T> T callAs(String claimsJson, Supplier<T> work) {
        String previous = OVERRIDE.get();
        OVERRIDE.set(claimsJson);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        }
    }

    public static void runAs(String claimsJson, Runnable work) {
        callAs(claimsJson, () -> {
            work.run();
            return null;
        });
    }

    static String override() {
        return OVERRIDE.get();
    }
}
