package com.leadignite.auth.mail;

import java.util.Optional;
import java.util.Set;

/**
 * Renders queued mails of some kinds when they are sent: the feature that queues a mail mints its
 * link here, so a fresh token exists only in the mail. Runs outside any transaction; it opens its own.
 */
public interface MailComposer {

    Set<MailKind> kinds();

    /** The mail to send, or empty when there is nothing to say any more (no such account, already done). */
    Optional<Mail> compose(MailJob job);
}
