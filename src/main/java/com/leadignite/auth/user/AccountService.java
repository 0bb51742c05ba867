package com.leadignite.auth.user;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.password.PasswordHasher;
import com.leadignite.auth.password.PasswordPolicy;
import com.leadignite.auth.reauth.ReauthenticationNonces;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.ReauthenticationRequiredException;
import com.leadignite.security.StepUp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * {@code GET/PUT /auth/v1/user}. A password change needs step-up (checked by the caller) and revokes every
 * other session of the user, so whoever else holds a session (the reason people change passwords) is out.
 * {@code data} merges into {@code user_metadata} under {@link UserMetadataRules}; a {@code null} value
 * removes a key.
 */
@Service
public class AccountService {

    private final Database db;
    private final AccountRepository users;
    private final SessionRepository sessions;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final AuditWriter audit;
    private final ReauthenticationNonces nonces;
    private final StepUp stepUp;

    public AccountService(Database db, AccountRepository users, SessionRepository sessions, PasswordPolicy policy,
                       PasswordHasher hasher, AuditWriter audit, ReauthenticationNonces nonces, StepUp stepUp) {
        this.nonces = nonces;
        this.stepUp = stepUp;
        this.db = db;
        this.users = users;
        this.sessions = sessions;
        this.policy = policy;
        this.hasher = hasher;
        this.audit = audit;
    }

    public Map<String, Object> get(AuthenticatedUser caller) {
        return db.as(DbClaims.AUTH).read(() -> json(users.findById(caller.id()).orElseThrow(AuthError::sessionNotFound)));
    }

    /**
     * {@code nonce} (a code of {@code GET /reauthenticate}, or null) stands in for the recent sign-in a
     * password change needs: it is checked before the hashing work and used up in the same transaction as
     * the change, so a refused change leaves it usable and two changes cannot share it. Without one, the
     * token's password {@code amr} must be recent (step-up), checked first.
     */
    public Map<String, Object> update(AuthenticatedUser caller, String newPassword, Map<String, Object> data,
                                      Object nonce) {
        if (newPassword != null && nonce == null) {
            try {
                stepUp.require(caller);
            } catch (ReauthenticationRequiredException e) {
                throw AuthError.reauthenticationNeeded();
            }
        }
        Map<String, Object> changes = data == null ? null : UserMetadataRules.validate(data);
        String hash = null;
        if (newPassword != null) {
            policy.check(newPassword);
            if (nonce != null) {
                nonces.check(caller, nonce);
            }
            String current = db.as(DbClaims.AUTH).read(() -> users.findById(caller.id()).map(UserRecord::encryptedPassword).orElse(null));
            if (current != null && hasher.matches(newPassword, current)) {
                throw new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.SAME_PASSWORD,
                        "New password should be different from the old password.");
            }
            hash = hasher.hash(newPassword);
        }
        String newHash = hash;
        return db.as(DbClaims.AUTH).write(() -> {
            UserRecord user = users.findById(caller.id()).orElseThrow(AuthError::sessionNotFound);
            if (newHash != null && nonce != null) {
                nonces.consume(caller, nonce);
            }
            List<String> fields = new ArrayList<>();
            Map<String, Object> details = new LinkedHashMap<>();
            if (changes != null && !changes.isEmpty()) {
                Map<String, Object> merged = new LinkedHashMap<>(user.userMetadata());
                changes.forEach((k, v) -> {
                    if (v == null) {
                        merged.remove(k);
                    } else {
                        merged.put(k, v);
                    }
                });
                UserMetadataRules.checkSize(merged);
                users.updateMetadata(user.id(), merged);
                fields.add("user_metadata");
                details.put("user_metadata_keys", List.copyOf(changes.keySet()));
            }
            if (newHash != null) {
                users.updatePassword(user.id(), newHash);
                int revoked = sessions.revokeAllOf(user.id(), caller.sessionId(), "password_change");
                fields.add("password");
                details.put("other_sessions_revoked", revoked);
                details.put("step_up", nonce != null ? "nonce" : "recent_sign_in");
            }
            if (!fields.isEmpty()) {
                details.put("fields", fields);
                audit.record(AuditEvent.success(user.orgId(), user.id(), "update", "user", user.id(), details));
            }
            return json(users.findById(user.id()).orElseThrow());
        });
    }

    private Map<String, Object> json(UserRecord u) {
        return UserJson.user(u, users.identities(u.id()));
    }
}
