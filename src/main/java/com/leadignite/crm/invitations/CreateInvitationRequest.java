package com.leadignite.crm.invitations;

/** {@code {"email", "role"}}; org, inviter and expiry are set by the server. */
public record CreateInvitationRequest(String email, String role) {
}
