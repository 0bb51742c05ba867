package com.leadignite.auth.mfa;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.api.StorableText;
import com.leadignite.auth.mail.MailKind;
import com.leadignite.auth.mail.MailOutbox;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.MfaPolicy;
import com.leadignite.security.ratelimit.FactorAttemptLimit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * TOTP factors in the GoTrue shapes auth-js reads ({@code mfa.enroll}, {@code challenge}, {@code verify},
 * {@code unenroll}). A factor is unverified until a first code proves the user holds the secret; a verified
 * factor's sessions start at {@code aal1} and reach {@code aal2} through a challenge and a code. Every code
 * is accepted once (the factor's last used time step is kept with it), a challenge expires and is single
 * use, and code checks are limited per factor here and per IP by the route group.
 */
@Service
public class MfaService {

    public static final String ENTITY = "user";
    private static final int MAX_NAME = 100;
    private static final int MAX_ISSUER = 64;

    private final Database db;
    private final FactorRepository factors;
    private final FactorSecrets secrets;
    private final AccountRepository users;
    private final SessionRepository sessions;
    private final SessionIssuer issuer;
    private final AuditWriter audit;
    private final FactorAttemptLimit attemptLimit;
    private final MfaPolicy policy;
    private final MailOutbox outbox;
    private final MfaProperties props;
    private final Clock clock;

    public MfaService(Database db, FactorRepository factors, FactorSecrets secrets, AccountRepository users,
                      SessionRepository sessions, SessionIssuer issuer, AuditWriter audit,
                      FactorAttemptLimit attemptLimit, MfaPolicy policy, MailOutbox outbox, MfaProperties props,
                      Clock clock) {
        this.db = db;
        this.factors = factors;
        this.secrets = secrets;
        this.users = users;
        this.sessions = sessions;
        this.issuer = issuer;
        this.audit = audit;
        this.attemptLimit = attemptLimit;
        this.policy = policy;
        this.outbox = outbox;
        this.props = props;
        this.clock = clock;
    }

    /** What enrolling answers: the secret is shown this once. */
    public record Enrolled(UUID id, String friendlyName, String secret, String uri) {
        @Override
        public String toString() {
            return "Enrolled[" + id + "]";
        }
    }

    public record Challenge(UUID id, Instant expiresAt) {
    }

    public Enrolled enroll(AuthenticatedUser caller, String factorType, String friendlyName, String issuerName) {
        requireLocalSession(caller);
        if (!"totp".equals(factorType)) {
            throw AuthError.validation("factor_type must be totp");
        }
        String name = friendlyName == null ? "" : friendlyName.strip();
        if (name.length() > MAX_NAME || !StorableText.isStorable(name)) {
            throw AuthError.validation("friendly_name must be at most " + MAX_NAME + " characters of text");
        }
        String label = issuerName == null || issuerName.isBlank() ? props.issuer() : issuerName.strip();
        if (label.length() > MAX_ISSUER || !StorableText.isStorable(label) || label.indexOf(':') >= 0) {
            throw AuthError.validation("issuer must be at most " + MAX_ISSUER + " characters without ':'");
        }
        UUID id = UUID.randomUUID();
        byte[] secret = secrets.generate();
        try {
            String base32 = Totp.base32(secret);
            byte[] sealed = secrets.seal(secret, id, caller.id());
            try {
                db.as(DbClaims.AUTH).run(() -> {
                    if (factors.count(caller.id()) >= props.maxFactors()) {
                        throw new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.TOO_MANY_ENROLLED_MFA_FACTORS,
                                "Maximum number of enrolled factors reached, unenroll to continue");
                    }
                    if (!name.isEmpty() && factors.nameTaken(caller.id(), name)) {
                        throw nameConflict();
                    }
                    factors.insert(id, caller.id(), caller.orgId(), name, sealed);
                    audit.record(AuditEvent.success(caller.orgId(), caller.id(), "mfa_enroll", ENTITY, caller.id(),
                            details(id, "totp")));
                });
            } catch (DuplicateKeyException e) {
                throw nameConflict();
            }
            return new Enrolled(id, name, base32, uri(label, caller.email(), base32));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public Challenge challenge(AuthenticatedUser caller, UUID factorId, String ip) {
        requireLocalSession(caller);
        return db.as(DbClaims.AUTH).write(() -> {
            FactorRepository.FactorRow factor = factors.find(factorId, caller.id()).orElseThrow(MfaService::factorNotFound);
            factors.deleteSpentChallenges(factor.id());
            FactorRepository.NewChallenge c = factors.createChallenge(factor, ip, props.challengeTtl().toSeconds());
            return new Challenge(c.id(), c.expiresAt());
        });
    }

    private sealed interface Outcome permits Verified, Failed {
    }

    private record Verified(IssuedSession session) implements Outcome {
    }

    /** A refusal after the factor was found: audited as {@code mfa_challenge_failed}. */
    private record Failed(AuthError error, String reason) implements Outcome {
    }

    /** Checks {@code code} against the challenge and raises the caller's session to {@code aal2}. */
    public IssuedSession verify(AuthenticatedUser caller, UUID factorId, UUID challengeId, String code, String ip) {
        requireLocalSession(caller);
        if (code == null || code.isEmpty()) {
            throw AuthError.validation("code is required");
        }
        attemptLimit.check(factorId, caller.orgId(), caller.id(), props.attemptsPerFactor(), props.attemptsWindow());
        Outcome outcome = db.as(DbClaims.AUTH).write(() -> decide(caller, factorId, challengeId, code, ip));
        if (outcome instanceof Failed f) {
            Map<String, Object> d = details(factorId, "totp");
            d.put("reason", f.reason());
            audit.recordRejection(AuditEvent.of(AuditEvent.Outcome.failure, caller.orgId(), caller.id(),
                    "mfa_challenge_failed", ENTITY, caller.id(), d));
            throw f.error();
        }
        return ((Verified) outcome).session();
    }

    private Outcome decide(AuthenticatedUser caller, UUID factorId, UUID challengeId, String code, String ip) {
        FactorRepository.FactorRow factor = factors.lock(factorId, caller.id()).orElseThrow(MfaService::factorNotFound);
        FactorRepository.ChallengeRow challenge = factors.lockChallenge(challengeId, factorId).orElse(null);
        if (challenge == null) {
            return new Failed(new AuthError(HttpStatus.NOT_FOUND, ErrorCode.MFA_FACTOR_NOT_FOUND,
                    "MFA factor with the provided challenge ID not found"), "unknown_challenge");
        }
        if (challenge.expired() || challenge.used()) {
            return new Failed(new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.MFA_CHALLENGE_EXPIRED,
                    "MFA challenge has expired or was already used, create a new one"), challenge.used() ? "used" : "expired");
        }
        if (challenge.ip() != null && !challenge.ip().equals(FactorRepository.inet(ip))) {
            return new Failed(new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.MFA_IP_ADDRESS_MISMATCH,
                    "Challenge and verify IP addresses mismatch"), "ip_mismatch");
        }
        byte[] secret = secrets.open(factor.secretEnc(), factor.id(), caller.id());
        OptionalLong step;
        try {
            long last = factor.lastUsedStep() == null ? Long.MIN_VALUE : factor.lastUsedStep();
            step = Totp.match(secret, code, Totp.step(clock.instant().getEpochSecond()), last);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (step.isEmpty()) {
            return new Failed(new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.MFA_VERIFICATION_FAILED,
                    "Invalid TOTP code entered"), "invalid_code");
        }
        SessionRepository.SessionRow session = sessions.lockSession(caller.sessionId())
                .filter(s -> !s.revoked() && !s.expired() && s.userId().equals(caller.id()))
                .orElseThrow(AuthError::sessionNotFound);
        UserRecord user = users.findById(caller.id()).orElseThrow(AuthError::sessionNotFound);
        factors.accept(factor.id(), step.getAsLong());
        factors.markChallengeUsed(challenge.id());
        Instant mfaAt = sessions.raiseToAal2(session.id());
        Map<String, Object> d = details(factor.id(), "totp");
        if (!factor.verified()) {
            // Turning MFA on ends the sessions that never proved it, as GoTrue does: a password thief's
            // session does not outlive the owner's enrolment.
            d.put("sessions_revoked", sessions.revokeOtherAal1(user.id(), session.id(), "mfa_enabled"));
            d.put("first_verification", true);
            notice(MailKind.MFA_ENROLLED, user.email(), user.id(), ip);
        }
        IssuedSession issued = issuer.tokens(user, session.id(), session.authMethod(), session.passwordAuthAt(), mfaAt, null);
        audit.record(AuditEvent.success(user.orgId(), user.id(), "mfa_verify", ENTITY, user.id(), d));
        return new Verified(issued);
    }

    /**
     * Removes a factor. Once the user has a verified factor this needs an {@code aal2} session (otherwise
     * a stolen password would be enough to strip the second factor); removing the last verified one brings
     * every session of the user back to {@code aal1}.
     */
    public UUID unenroll(AuthenticatedUser caller, UUID factorId, String ip) {
        requireLocalSession(caller);
        if (!caller.isAal2() && policy.hasVerifiedFactor(caller)) {
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, caller.orgId(), caller.id(),
                    "mfa_unenroll", ENTITY, caller.id(), reason(factorId, "aal2_required")));
            throw AuthError.insufficientAal();
        }
        db.as(DbClaims.AUTH).run(() -> {
            boolean wasVerified = factors.delete(factorId, caller.id()).orElseThrow(MfaService::factorNotFound);
            if (wasVerified) {
                // An abandoned enrolment never protected anything and was never announced: no notice.
                // To the account's current address (the token's may predate an email change).
                users.findById(caller.id()).ifPresent(u -> notice(MailKind.MFA_REMOVED, u.email(), u.id(), ip));
            }
            if (!factors.hasVerified(caller.id())) {
                sessions.lowerAllToAal1(caller.id());
            }
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "mfa_unenroll", ENTITY, caller.id(),
                    details(factorId, "totp")));
        });
        return factorId;
    }

    /** Queued in the caller's transaction, so the notice exists exactly when the change commits. */
    private void notice(MailKind kind, String email, UUID userId, String ip) {
        if (email != null && !email.isBlank()) {
            outbox.queueMfaNotice(kind, email, userId, ip);
        }
    }

    /** {@code otpauth://totp/<issuer>:<account>?secret=...&issuer=...} (Google Authenticator's key URI format). */
    static String uri(String issuerName, String account, String base32) {
        String i = encode(issuerName);
        return "otpauth://totp/" + i + ":" + encode(account) + "?secret=" + base32 + "&issuer=" + i
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireLocalSession(AuthenticatedUser caller) {
        if (caller.sessionId() == null) {
            throw AuthError.noLocalSession();
        }
    }

    private static AuthError factorNotFound() {
        return new AuthError(HttpStatus.NOT_FOUND, ErrorCode.MFA_FACTOR_NOT_FOUND, "Factor not found");
    }

    private static AuthError nameConflict() {
        return new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.MFA_FACTOR_NAME_CONFLICT,
                "A factor with this friendly name already exists for this user");
    }

    private static Map<String, Object> details(UUID factorId, String type) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("factor_id", factorId.toString());
        d.put("factor_type", type);
        return d;
    }

    private static Map<String, Object> reason(UUID factorId, String reason) {
        Map<String, Object> d = details(factorId, "totp");
        d.put("reason", reason);
        return d;
    }
}
