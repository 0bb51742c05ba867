package com.leadignite.auth.lifecycle;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.api.StorableText;
import com.leadignite.auth.mail.MailKind;
import com.leadignite.auth.mail.MailLinks;
import com.leadignite.auth.mail.MailOutbox;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.auth.signin.BruteForceProtection;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.auth.user.Emails;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.ReauthenticationRequiredException;
import com.leadignite.security.StepUp;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Password recovery, address confirmation and email change (API.md §2). Requests only queue mails (the
 * worker mints the tokens when it sends them), so {@code recover} and {@code resend} cost the same whether
 * the address has an account or not. {@code verify} checks a mailed link or code: single use, expiring,
 * bound to its purpose, and 5 wrong codes sent for one address void that address's unused tokens.
 */
@Service
public class AccountLifecycleService {

    private final Database db;
    private final AccountRepository users;
    private final OneTimeTokenRepository tokens;
    private final SessionRepository sessionRows;
    private final SessionIssuer sessions;
    private final MailOutbox outbox;
    private final MailLinks links;
    private final BruteForceProtection bruteForce;
    private final AuditWriter audit;
    private final StepUp stepUp;

    public AccountLifecycleService(Database db, AccountRepository users, OneTimeTokenRepository tokens,
                                   SessionRepository sessionRows, SessionIssuer sessions, MailOutbox outbox,
                                   MailLinks links, BruteForceProtection bruteForce, AuditWriter audit, StepUp stepUp) {
        this.stepUp = stepUp;
        this.db = db;
        this.users = users;
        this.tokens = tokens;
        this.sessionRows = sessionRows;
        this.sessions = sessions;
        this.outbox = outbox;
        this.links = links;
        this.bruteForce = bruteForce;
        this.audit = audit;
    }

    /** {@code POST /recover}: queues a recovery mail for the address; what happens next depends on it alone. */
    public void recover(String rawEmail, String redirectTo) {
        String email = Emails.require(rawEmail);
        String redirect = links.allowedRedirect(redirectTo);
        db.as(DbClaims.AUTH).run(() -> outbox.queue(MailKind.RECOVERY, email, null, redirect));
    }

    /** {@code POST /resend}: the confirmation mail again, or the pending email change's. */
    public void resend(String type, String rawEmail, String redirectTo) {
        MailKind kind = switch (type == null ? "" : type) {
            case "signup" -> MailKind.CONFIRMATION;
            case "email_change" -> MailKind.EMAIL_CHANGE_NEW;
            default -> throw AuthError.validation("type must be signup or email_change");
        };
        String email = Emails.require(rawEmail);
        String redirect = links.allowedRedirect(redirectTo);
        db.as(DbClaims.AUTH).run(() -> outbox.queue(kind, email, null, redirect));
    }

    /** Queues the confirmation mail of a new account, in the sign-up's transaction. */
    public void queueConfirmation(UUID userId, String email, String redirectTo) {
        outbox.queue(MailKind.CONFIRMATION, email, userId, links.allowedRedirect(redirectTo));
    }

    /**
     * May the caller start a change to {@code rawEmail}? A valid address, and a recent sign-in (step-up): a
     * stolen access token alone must not move the account to another mailbox.
     */
    public void checkEmailChange(AuthenticatedUser caller, String rawEmail) {
        Emails.require(rawEmail);
        try {
            stepUp.require(caller);
        } catch (ReauthenticationRequiredException e) {
            throw AuthError.reauthenticationNeeded();
        }
    }

    /**
     * {@code PUT /user {email}} (after {@link #checkEmailChange}): a confirmation to the new address and a notice to
     * the old one. An address that a confirmed account already uses gets no mail and the change can never
     * complete, but the caller is answered the same, so this reveals no account.
     */
    public void requestEmailChange(AuthenticatedUser caller, String rawEmail, String redirectTo) {
        checkEmailChange(caller, rawEmail);
        String email = Emails.require(rawEmail);
        String redirect = links.allowedRedirect(redirectTo);
        db.as(DbClaims.AUTH).run(() -> {
            UserRecord user = users.findById(caller.id()).orElseThrow(AuthError::sessionNotFound);
            if (Emails.normalize(user.email()).equals(email)) {
                return;
            }
            boolean taken = users.findByEmail(email).filter(u -> u.emailConfirmedAt() != null).isPresent();
            if (!taken) {
                outbox.queue(MailKind.EMAIL_CHANGE_NEW, email, user.id(), redirect);
            }
            outbox.queueEmailChangeNotice(user.email(), user.id(), email);
            audit.record(AuditEvent.success(user.orgId(), user.id(), "email_change", "user", user.id(),
                    Map.of("step", "requested")));
        });
    }

    /**
     * {@code POST /verify}: exactly one of {@code tokenHash} and ({@code email}, {@code code}). A session on
     * success; {@code otp_expired} for anything else, the same for a wrong, used, expired or other-purpose
     * token. A wrong code is counted (committed) before the refusal.
     */
    public IssuedSession verify(String type, String tokenHash, String rawEmail, String code, String ip, String userAgent) {
        if (type == null) {
            throw AuthError.validation("type is required");
        }
        if (type.equals("magiclink") || type.equals("invite")) {
            throw AuthError.validation(type.equals("magiclink")
                    ? "Magic links are not sent by this service; use type recovery to sign in with a mailed code"
                    : "Invitations are redeemed by signing up with data.invite_token");
        }
        Purpose purpose = Purpose.ofType(type).orElseThrow(() ->
                AuthError.validation("type must be one of signup, recovery, email_change, invite, magiclink"));
        boolean byLink = tokenHash != null;
        if (byLink == (code != null || rawEmail != null)) {
            throw AuthError.validation("Send either token_hash, or email and token");
        }
        String email = byLink ? null : Emails.require(rawEmail);
        if (!byLink && !sixDigits(code)) {
            throw expired();
        }
        if (byLink && (tokenHash.length() > 100 || !StorableText.isStorable(tokenHash))) {
            throw expired();
        }
        Outcome outcome = db.as(DbClaims.AUTH).write(() -> {
            Optional<OneTimeTokenRepository.Token> token = byLink
                    ? tokens.lockByLink(OneTimeTokens.linkHash(tokenHash), OneTimeTokens.MAX_FAILED_CODES)
                    : tokens.lockUnusedByEmail(email, purpose.column(), OneTimeTokens.MAX_FAILED_CODES).stream()
                            .filter(t -> MessageDigest.isEqual(t.codeHash(), OneTimeTokens.codeHash(t.linkHash(), code)))
                            .findFirst();
            if (token.isEmpty() && !byLink) {
                tokens.countFailure(email, purpose.column());
            }
            Optional<OneTimeTokenRepository.Token> usable = token
                    .filter(t -> t.live() && t.purpose().equals(purpose.column()) && tokens.use(t.id()));
            if (usable.isEmpty()) {
                return Outcome.refused(token.map(OneTimeTokenRepository.Token::userId).orElse(null));
            }
            return complete(purpose, usable.get(), ip, userAgent);
        });
        if (outcome.session() == null) {
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.failure, null, outcome.userId(), "verify_failed",
                    "user", outcome.userId(), Map.of("type", type, "by", byLink ? "link" : "code")));
            throw expired();
        }
        if (purpose == Purpose.RECOVERY) {
            // After the commit: the counters live outside the database.
            bruteForce.clear(outcome.email());
        }
        return outcome.session();
    }

    private Outcome complete(Purpose purpose, OneTimeTokenRepository.Token token, String ip, String userAgent) {
        UserRecord user = users.findById(token.userId()).orElse(null);
        if (user == null || user.lockedAt() != null) {
            return Outcome.refused(token.userId());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        String action;
        switch (purpose) {
            case RECOVERY -> {
                users.confirmEmail(user.id());
                // Whoever else holds a session (or a pending email change) is locked out by the owner's reset.
                int revoked = sessionRows.revokeAllOf(user.id(), null, "password_recovery");
                tokens.voidAll(user.id(), List.of(Purpose.RECOVERY.column(), Purpose.EMAIL_CHANGE.column()));
                details.put("sessions_revoked", revoked);
                action = "password_recovery";
            }
            case SIGNUP -> {
                if (!Emails.normalize(user.email()).equals(Emails.normalize(token.email()))) {
                    return Outcome.refused(user.id());
                }
                users.confirmEmail(user.id());
                action = "email_confirm";
            }
            case EMAIL_CHANGE -> {
                String newEmail = Emails.normalize(token.email());
                Optional<UserRecord> holder = users.findByEmail(newEmail).filter(u -> !u.id().equals(user.id()));
                if (holder.isPresent()) {
                    if (holder.get().emailConfirmedAt() != null) {
                        throw new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.EMAIL_EXISTS,
                                "A user with this email address has already been registered");
                    }
                    users.setAside(holder.get().id());
                    audit.record(AuditEvent.success(holder.get().orgId(), null, "account_replaced", "user",
                            holder.get().id(), Map.of("reason", "address_proven_by_email_change")));
                }
                users.changeEmail(user.id(), newEmail);
                tokens.voidAll(user.id(), List.of(Purpose.SIGNUP.column(), Purpose.EMAIL_CHANGE.column()));
                details.put("step", "confirmed");
                action = "email_change";
            }
            default -> throw new IllegalStateException();
        }
        users.recordSignIn(user.id());
        UserRecord fresh = users.findById(user.id()).orElseThrow();
        IssuedSession session = sessions.start(fresh, SessionIssuer.AuthMethod.otp, ip, userAgent);
        details.put("session_id", session.sessionId().toString());
        audit.record(AuditEvent.success(user.orgId(), user.id(), action, "user", user.id(), details));
        return new Outcome(session, user.id(), Emails.normalize(fresh.email()));
    }

    private record Outcome(IssuedSession session, java.util.UUID userId, String email) {
        static Outcome refused(java.util.UUID userId) {
            return new Outcome(null, userId, null);
        }
    }

    private static boolean sixDigits(String code) {
        return code != null && code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static AuthError expired() {
        return new AuthError(HttpStatus.FORBIDDEN, ErrorCode.OTP_EXPIRED, "Token has expired or is invalid");
    }
}
