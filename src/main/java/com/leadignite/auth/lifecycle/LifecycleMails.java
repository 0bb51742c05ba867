package com.leadignite.auth.lifecycle;

import com.leadignite.auth.mail.Mail;
import com.leadignite.auth.mail.MailComposer;
import com.leadignite.auth.mail.MailJob;
import com.leadignite.auth.mail.MailKind;
import com.leadignite.auth.mail.MailLinks;
import com.leadignite.auth.mail.MailProperties;
import com.leadignite.auth.mail.MailTemplates;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.auth.user.Emails;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Renders the account-lifecycle mails when the worker sends them, minting their tokens then (so a token
 * exists only in the mail): recovery (only if the address has an account), confirmation (only while
 * unconfirmed), and both mails of an email change.
 */
@Component
class LifecycleMails implements MailComposer {

    private final Database db;
    private final AccountRepository users;
    private final OneTimeTokenRepository tokens;
    private final MailLinks links;
    private final MailProperties props;

    LifecycleMails(Database db, AccountRepository users, OneTimeTokenRepository tokens, MailLinks links,
                   MailProperties props) {
        this.db = db;
        this.users = users;
        this.tokens = tokens;
        this.links = links;
        this.props = props;
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.RECOVERY, MailKind.CONFIRMATION, MailKind.EMAIL_CHANGE_NEW, MailKind.EMAIL_CHANGE_OLD);
    }

    @Override
    public Optional<Mail> compose(MailJob job) {
        return db.as(DbClaims.AUTH).write(() -> switch (job.kind()) {
            case RECOVERY -> account(job).filter(u -> u.lockedAt() == null).map(u -> {
                OneTimeTokens t = mint(u, Purpose.RECOVERY, u.email());
                return MailTemplates.recovery(u.email(), link(job, t, "recovery"), t.code(), props.tokenTtl());
            });
            case CONFIRMATION -> account(job).filter(u -> u.emailConfirmedAt() == null && u.lockedAt() == null).map(u -> {
                OneTimeTokens t = mint(u, Purpose.SIGNUP, u.email());
                return MailTemplates.confirmation(u.email(), link(job, t, "signup"), t.code(), props.tokenTtl());
            });
            case EMAIL_CHANGE_NEW -> account(job).filter(u -> u.lockedAt() == null).flatMap(u -> {
                // Queued with the user: the new address is the recipient. Queued by resend (no user): the
                // recipient is the current address and the pending change says where to send.
                String to = job.userId() != null ? job.recipient() : tokens.pendingEmailChange(u.id()).orElse(null);
                if (to == null) {
                    return Optional.empty();
                }
                OneTimeTokens t = mint(u, Purpose.EMAIL_CHANGE, to);
                return Optional.of(MailTemplates.emailChangeNew(to, link(job, t, "email_change"), t.code(), props.tokenTtl()));
            });
            case EMAIL_CHANGE_OLD -> Optional.of(MailTemplates.emailChangeOld(job.recipient(), job.otherAddress(),
                    links.link(null, Map.of())));
            case INVITATION, MFA_ENROLLED, MFA_REMOVED -> throw new IllegalStateException("not an account-lifecycle mail");
        });
    }

    private Optional<UserRecord> account(MailJob job) {
        return job.userId() != null ? users.findById(job.userId()) : users.findByEmail(Emails.normalize(job.recipient()));
    }

    private OneTimeTokens mint(UserRecord u, Purpose purpose, String email) {
        OneTimeTokens t = OneTimeTokens.mint();
        tokens.replace(u.id(), purpose.column(), Emails.normalize(email), t.linkHash(), t.codeHash(),
                props.tokenTtl().toSeconds());
        return t;
    }

    private String link(MailJob job, OneTimeTokens t, String type) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token_hash", t.link());
        params.put("type", type);
        return links.link(job.redirectTo(), params);
    }
}
