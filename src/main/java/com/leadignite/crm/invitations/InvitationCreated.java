package com.leadignite.crm.invitations;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The only time the invitation token is ever shown: the database keeps just its SHA-256. */
public record InvitationCreated(UUID id, String email, String role, String inviteToken, OffsetDateTime expiresAt) {
}
