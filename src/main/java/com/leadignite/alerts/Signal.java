package com.leadignite.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One occurrence a rule counts: a failed sign-in, a 401, a cross-org probe... {@code orgId} is the org the
 * alert would belong to (null: deployment-wide); {@code key} tells subjects of one rule apart (a user id,
 * a client address); {@code details} is what the alert shows, never a secret, and for an org alert never a
 * client address.
 */
record Signal(AlertRule rule, UUID orgId, String key, Map<String, Object> details, Instant at) {

    /** Scope and key, the identity of an alert while it is open. */
    String subject() {
        return (orgId == null ? "deployment" : "org:" + orgId) + ":" + key;
    }
}
