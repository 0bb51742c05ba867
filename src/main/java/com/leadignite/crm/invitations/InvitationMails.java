package com.leadignite.crm.invitations;

import com.leadignite.auth.mail.Mail;
import com.leadignite.auth.mail.MailComposer;
import com.leadignite.auth.mail.MailJob;
import com.leadignite.auth.mail.MailKind;
import com.leadignite.auth.mail.MailLinks;
import com.leadignite.auth.mail.MailTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Renders invitation mails: a link to {@code PUBLIC_BASE_URL} with the token and address, for the web
 * app's sign-up page to pass on as {@code data.invite_token}.
 */
@Component
class InvitationMails implements MailComposer {

    private final MailLinks links;
    private final InvitationProperties props;

    InvitationMails(MailLinks links, InvitationProperties props) {
        this.links = links;
        this.props = props;
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.INVITATION);
    }

    @Override
    public Optional<Mail> compose(MailJob job) {
        if (job.secret() == null) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("invite_token", job.secret());
        params.put("type", "invite");
        params.put("email", job.recipient());
        return Optional.of(MailTemplates.invitation(job.recipient(), links.link(null, params), props.ttl()));
    }
}
