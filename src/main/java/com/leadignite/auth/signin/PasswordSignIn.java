package com.leadignite.auth.signin;

import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.mail.MailProperties;
import org.springframework.http.HttpStatus;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.StorableText;
import com.leadignite.auth.password.PasswordHasher;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.auth.user.Emails;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.auth.user.AccountRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Password sign-in and reauthentication. Every refusal (unknown email, wrong password, account locked by
 * the brute-force protection or by an admin) is the same {@code invalid_credentials} after one Argon2
 * verification, so neither the answer nor its timing tells whether an account exists.
 */
@Service
public class PasswordSignIn {

    private final Database db;
    private final AccountRepository users;
    private final SessionRepository sessionRows;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final SignInAttempts attempts;
    private final AuditWriter audit;
    private final MailProperties mail;

    public PasswordSignIn(Database db, AccountRepository users, SessionRepository sessionRows, PasswordHasher hasher,
                          SessionIssuer sessions, SignInAttempts attempts, AuditWriter audit, MailProperties mail) {
        this.mail = mail;
        this.db = db;
        this.users = users;
        this.sessionRows = sessionRows;
        this.hasher = hasher;
        this.sessions = sessions;
        this.attempts = attempts;
        this.audit = audit;
    }

    public IssuedSession signIn(String rawEmail, String password, String captchaToken, String ip, String userAgent) {
        if (rawEmail == null || rawEmail.isBlank() || password == null || password.isEmpty()) {
            throw AuthError.validation("email and password are required");
        }
        String email = Emails.normalize(rawEmail);
        UserRecord user = verify(email, password, captchaToken, ip, "sign_in_failed");
        // Only after the password matched, so it tells nothing to someone who does not know it.
        if (mail.confirmationRequired() && user.emailConfirmedAt() == null) {
            audit.recordRejection(AuditEvent.of(AuditEvent.Outcome.failure, user.orgId(), user.id(), "sign_in_failed",
                    "user", user.id(), Map.of("reason", "email_not_confirmed")));
            throw new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.EMAIL_NOT_CONFIRMED, "Email not confirmed");
        }
        return db.as(DbClaims.AUTH).write(() -> {
            users.recordSignIn(user.id());
            UserRecord fresh = users.findById(user.id()).orElseThrow();
            IssuedSession s = sessions.start(fresh, ip, userAgent);
            audit.record(AuditEvent.success(user.orgId(), user.id(), "sign_in", "session", s.sessionId(),
                    Map.of("method", "password")));
            return s;
        });
    }

    /**
     * Step-up for a signed-in user: checks the password again and replaces the calling session with a new
     * one whose access token carries a fresh password {@code amr}. The old session is revoked in the same
     * transaction, so a user never accumulates sessions by reauthenticating.
     */
    public IssuedSession reauthenticate(UUID userId, UUID currentSessionId, String password, String captchaToken,
                                        String ip, String userAgent) {
        if (currentSessionId == null) {
            throw AuthError.noLocalSession();
        }
        if (password == null || password.isEmpty()) {
            throw AuthError.validation("password is required");
        }
        UserRecord known = db.as(DbClaims.AUTH).read(() -> users.findById(userId)).orElseThrow(AuthError::sessionNotFound);
        UserRecord user = verify(Emails.normalize(known.email()), password, captchaToken, ip, "reauthenticate");
        if (!user.id().equals(userId)) {
            throw AuthError.invalidCredentials();
        }
        return db.as(DbClaims.AUTH).write(() -> {
            sessionRows.revoke(currentSessionId, "reauthenticated");
            users.recordSignIn(user.id());
            UserRecord fresh = users.findById(user.id()).orElseThrow();
            IssuedSession s = sessions.start(fresh, ip, userAgent);
            audit.record(AuditEvent.success(user.orgId(), user.id(), "reauthenticate", "session", s.sessionId(),
                    Map.of("replaced_session_id", currentSessionId.toString())));
            return s;
        });
    }

    /** The account if the password is right and nothing blocks it; otherwise audits and throws. */
    private UserRecord verify(String email, String password, String captchaToken, String ip, String failureAction) {
        SignInAttempts.Verdict verdict = attempts.before(email, ip, captchaToken);
        // Text that can be neither stored nor hashed (NUL, a lone surrogate) matches no account and no
        // password; it is answered and counted like any other failure, after the same Argon2 work.
        boolean emailStorable = StorableText.isStorable(email);
        boolean passwordStorable = StorableText.isStorable(password);
        Optional<UserRecord> found = emailStorable ? db.as(DbClaims.AUTH).read(() -> users.findByEmail(email)) : Optional.empty();
        UserRecord user = found.orElse(null);
        boolean passwordOk = hasher.matches(passwordStorable ? password : "", user == null ? null : user.encryptedPassword())
                && passwordStorable;
        String reason = user == null ? (emailStorable ? "unknown_email" : "invalid_text")
                : verdict == SignInAttempts.Verdict.LOCKED ? "locked"
                : user.lockedAt() != null ? "account_locked"
                : !passwordOk ? (passwordStorable ? "wrong_password" : "invalid_text") : null;
        if (reason != null) {
            attempts.failed(email, ip);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            String action = failureAction.equals("reauthenticate") ? "reauthenticate" : "sign_in_failed";
            audit.recordRejection(AuditEvent.of(
                    AuditEvent.Outcome.failure, user == null ? null : user.orgId(), user == null ? null : user.id(),
                    action, "user", user == null ? null : user.id(), details));
            throw AuthError.invalidCredentials();
        }
        attempts.succeeded(email, ip);
        if (hasher.needsRehash(user.encryptedPassword())) {
            String upgraded = hasher.hash(password);
            db.as(DbClaims.AUTH).run(() -> users.updatePassword(user.id(), upgraded));
        }
        return user;
    }
}
