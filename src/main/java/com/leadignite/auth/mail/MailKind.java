package com.leadignite.auth.mail;

import java.util.Locale;

/** What a queued mail is about; its spelling is the outbox's {@code kind} column. */
public enum MailKind {
    /** A password-recovery link and code, minted when the mail is sent (only if the account exists). */
    RECOVERY,
    /** A sign-up confirmation link and code. */
    CONFIRMATION,
    /** To the new address of an email change: the link and code that complete it. */
    EMAIL_CHANGE_NEW,
    /** To the old address of an email change: a notice, and what to do if it was not the owner. */
    EMAIL_CHANGE_OLD,
    /** An invitation's link (the token is sealed in the outbox until the mail is out). */
    INVITATION,
    /** A notice that a TOTP factor's enrolment completed: when, from which IP, what to do if it was not the owner. */
    MFA_ENROLLED,
    /** A notice that a verified factor was removed, with the same details. */
    MFA_REMOVED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MailKind ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
