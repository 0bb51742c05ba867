package com.leadignite.auth.mail;

import com.leadignite.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Queues mails in the caller's transaction, so a mail exists exactly when the event that causes it
 * commits; {@link MailWorker} sends it afterwards. The caller's claims decide what it may queue (the auth
 * component anything, an admin only their org's invitations).
 */
@Component
public class MailOutbox {

    static final byte[] SECRET_CONTEXT = "auth.mail_outbox.sealed_secret".getBytes(StandardCharsets.US_ASCII);

    private final MailOutboxRepository rows;
    private final MasterKey masterKey;

    public MailOutbox(MailOutboxRepository rows, MasterKey masterKey) {
        this.rows = rows;
        this.masterKey = masterKey;
    }

    /**
     * A mail about {@code userId} (its link is minted when it is sent); a null {@code userId} means "the
     * account of {@code recipient}, if there is one then", so queueing reveals nothing and costs the same.
     */
    public void queue(MailKind kind, String recipient, UUID userId, String redirectTo) {
        rows.insert(kind, recipient, userId, null, redirectTo, null, null);
    }

    /** The notice to the old address of an email change, naming the new one. */
    public void queueEmailChangeNotice(String oldAddress, UUID userId, String newAddress) {
        rows.insert(MailKind.EMAIL_CHANGE_OLD, oldAddress, userId, null, null, newAddress, null);
    }

    /**
     * A notice about the account's factors ({@link MailKind#MFA_ENROLLED} or {@link MailKind#MFA_REMOVED})
     * to its address; {@code clientIp} is the request's, told in the mail.
     */
    public void queueMfaNotice(MailKind kind, String recipient, UUID userId, String clientIp) {
        if (kind != MailKind.MFA_ENROLLED && kind != MailKind.MFA_REMOVED) {
            throw new IllegalArgumentException("not an MFA notice: " + kind);
        }
        // The resolved client address is short; anything else is not told rather than refused.
        String ip = clientIp != null && clientIp.length() <= 64 ? clientIp : null;
        rows.insert(kind, recipient, userId, null, null, null, null, ip);
    }

    /** An invitation mail; the token is sealed with the master key until the mail is out. */
    public void queueInvitation(String recipient, UUID orgId, String token) {
        rows.insert(MailKind.INVITATION, recipient, null, orgId, null, null,
                masterKey.encrypt(token.getBytes(StandardCharsets.US_ASCII), SECRET_CONTEXT));
    }
}
