package com.leadignite.auth.reauth;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.security.AuthenticatedUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * GoTrue's reauthentication code: {@code GET /auth/v1/reauthenticate} creates a 6-digit code for the
 * caller's session and hands it to the {@link ReauthenticationNonceSender}; {@code PUT /auth/v1/user}
 * {@code {password, nonce}} then changes the password without a recent sign-in. A code is bound to the
 * session and user that asked for it, lives {@link #TTL}, works once, and only its SHA-256 (over session
 * id and code) is stored. A session gets {@link #MAX_FAILED_ATTEMPTS} wrong codes in all (a new code does
 * not reset the count), so guessing 6 digits is hopeless; after that only a password sign-in helps.
 */
@Service
public class ReauthenticationNonces {

    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_FAILED_ATTEMPTS = 5;
    private static final int MAX_NONCE_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final ReauthenticationNonceRepository nonces;
    private final ReauthenticationNonceSender sender;
    private final AuditWriter audit;

    public ReauthenticationNonces(Database db, ReauthenticationNonceRepository nonces,
                                  ReauthenticationNonceSender sender, AuditWriter audit) {
        this.db = db;
        this.nonces = nonces;
        this.sender = sender;
        this.audit = audit;
    }

    public static AuthError notValid() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.REAUTHENTICATION_NOT_VALID, "Nonce has expired or is invalid");
    }

    /** {@code GET /reauthenticate}: a new code for the caller's session (replacing an earlier one), sent. */
    public void issue(AuthenticatedUser caller) {
        UUID session = requireSession(caller);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        db.as(DbClaims.AUTH).run(() -> {
            nonces.put(session, caller.id(), hash(session, code), TTL.toSeconds());
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "reauthenticate", "session", session,
                    Map.of("step", "nonce_issued")));
        });
        // After the commit: a slow transport must not hold a pooled connection.
        sender.send(caller.id(), caller.email(), code);
    }

    /**
     * Checks {@code nonce} for the caller's session without using it up (that happens with the password
     * change, in {@link #consume}). A wrong code is counted (committed, whatever follows) and refused.
     */
    public void check(AuthenticatedUser caller, Object nonce) {
        UUID session = requireSession(caller);
        String code = text(nonce);
        boolean ok = db.as(DbClaims.AUTH).write(() -> nonces.lock(session, caller.id()).map(row -> {
            if (row.expired() || row.failedAttempts() >= MAX_FAILED_ATTEMPTS) {
                return false;
            }
            if (code != null && MessageDigest.isEqual(row.hash(), hash(session, code))) {
                return true;
            }
            nonces.failed(session);
            return false;
        }).orElse(false));
        if (!ok) {
            audit.recordIndependently(AuditEvent.of(
                    AuditEvent.Outcome.failure, caller.orgId(), caller.id(), "reauthenticate", "session", session,
                    Map.of("reason", "invalid_nonce")));
            throw notValid();
        }
    }

    /**
     * Uses the code up, inside the caller's transaction (so the password change and the use of the code
     * commit together); of two requests racing with one code, exactly one gets past this.
     */
    public void consume(AuthenticatedUser caller, Object nonce) {
        UUID session = requireSession(caller);
        String code = text(nonce);
        if (code == null || !nonces.consume(session, caller.id(), hash(session, code), MAX_FAILED_ATTEMPTS)) {
            throw notValid();
        }
    }

    private static UUID requireSession(AuthenticatedUser caller) {
        if (caller.sessionId() == null) {
            throw AuthError.noLocalSession();
        }
        return caller.sessionId();
    }

    /** The code as sent, or null for anything that cannot be one (it then counts as a wrong code). */
    private static String text(Object nonce) {
        if (!(nonce instanceof String s)) {
            throw AuthError.validation("nonce must be a string");
        }
        return s.length() <= MAX_NONCE_LENGTH && s.chars().allMatch(c -> c >= '0' && c <= '9') ? s : null;
    }

    static byte[] hash(UUID session, String code) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(session.toString().getBytes(StandardCharsets.US_ASCII));
            d.update((byte) ':');
            return d.digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
