package com.leadignite.crm.users;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A member of the caller's org as admins see it. Never a password hash or metadata of the auth component. */
public record UserResource(UUID id, UUID orgId, String email, String role, boolean locked, OffsetDateTime lockedAt,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime lastSignInAt) {
}
