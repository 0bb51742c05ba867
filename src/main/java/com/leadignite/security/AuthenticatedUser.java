package com.leadignite.security;

import java.time.Instant;
import java.util.UUID;

/**
 * The caller of a request, as the database says it is right now: org and role are read per request,
 * never taken from the token, so a role change or lock takes effect at once.
 *
 * @param lastPasswordAuth newest password {@code amr} timestamp of the token, for step-up checks
 */
public record AuthenticatedUser(UUID id, UUID orgId, Role role, String email, UUID sessionId, Instant lastPasswordAuth) {

    public enum Role {
        admin, agent, user
    }

    public boolean isAdmin() {
        return role == Role.admin;
    }
}
