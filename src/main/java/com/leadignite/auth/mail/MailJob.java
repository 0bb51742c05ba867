package com.leadignite.auth.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * A queued mail as the worker hands it to a {@link MailComposer}: what it is about, not its text.
 *
 * @param recipient  where it goes
 * @param userId     the account it is about (null for recovery, resolved from the address when sent, and
 *                   for invitations)
 * @param redirectTo an allow-listed {@code redirect_to} for the link, or null for {@code PUBLIC_BASE_URL}
 * @param otherAddress the new address, in the notice to the old address of an email change
 * @param secret     the unsealed secret of an invitation, else null
 * @param clientIp   the IP of the request that caused a notice, else null
 * @param queuedAt   when the mail was queued (the time of the event it tells of)
 */
public record MailJob(UUID id, MailKind kind, String recipient, UUID userId, UUID orgId, String redirectTo,
                      String otherAddress, String secret, int attempts, String clientIp, Instant queuedAt) {

    @Override
    public String toString() {
        return "MailJob[" + id + ", " + kind + "]";
    }
}
