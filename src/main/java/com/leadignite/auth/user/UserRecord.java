package com.leadignite.auth.user;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An account as stored in {@code auth.users}. Never rendered as is: see {@link UserJson}. */
public record UserRecord(UUID id, UUID orgId, String email, String encryptedPassword, String role,
                         Map<String, Object> userMetadata, String provider, Instant lockedAt, Instant createdAt,
                         Instant updatedAt, Instant lastSignInAt, Instant emailConfirmedAt) {

    @Override
    public String toString() {
        return "UserRecord[id=" + id + "]";
    }
}
