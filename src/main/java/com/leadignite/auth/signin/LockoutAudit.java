package com.leadignite.auth.signin;

import java.util.Map;

/** Where {@link BruteForceProtection} reports the start of a lockout. */
public interface LockoutAudit {

    /**
     * @param normalizedEmail the locked account's email, or null for a lockout of a client address
     * @param details         what happened (no secrets)
     */
    void locked(String normalizedEmail, Map<String, Object> details);
}
