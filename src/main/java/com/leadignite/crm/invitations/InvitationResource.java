package com.leadignite.crm.invitations;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An invitation as listed to admins: never the token (it is not stored) nor its hash. {@code status}
 * is {@code pending}, {@code used}, {@code expired} or {@code revoked} (revoked by an admin, or its
 * inviter is no longer an active admin of the org).
 */
public record InvitationResource(UUID id, String email, String role, UUID createdBy, OffsetDateTime createdAt,
                                 OffsetDateTime expiresAt, OffsetDateTime usedAt, OffsetDateTime revokedAt,
                                 String status) {
}
