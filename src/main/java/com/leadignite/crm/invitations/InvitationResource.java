package com.leadignite.crm.invitations;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An invitation as listed to admins: never the token (it is not stored) nor its hash. */
public record InvitationResource(UUID id, String email, String role, UUID createdBy, OffsetDateTime createdAt,
                                 OffsetDateTime expiresAt, OffsetDateTime usedAt, String status) {
}
