package com.leadignite.auth.mfa;

import com.leadignite.auth.mail.Mail;
import com.leadignite.auth.mail.MailComposer;
import com.leadignite.auth.mail.MailJob;
import com.leadignite.auth.mail.MailKind;
import com.leadignite.auth.mail.MailLinks;
import com.leadignite.auth.mail.MailTemplates;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Renders the MFA notices: everything they say was stored with the queued row; no database access. */
@Component
class MfaMails implements MailComposer {

    private final MailLinks links;

    MfaMails(MailLinks links) {
        this.links = links;
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.MFA_ENROLLED, MailKind.MFA_REMOVED);
    }

    @Override
    public Optional<Mail> compose(MailJob job) {
        return Optional.of(MailTemplates.mfaNotice(job.recipient(), job.kind() == MailKind.MFA_ENROLLED, job.queuedAt(),
                job.clientIp(), links.link(null, Map.of())));
    }
}
