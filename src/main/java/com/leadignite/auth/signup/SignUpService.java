package com.leadignite.auth.signup;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.api.StorableText;
import com.leadignite.auth.lifecycle.AccountLifecycleService;
import com.leadignite.auth.mail.MailProperties;
import com.leadignite.auth.password.PasswordHasher;
import com.leadignite.auth.password.PasswordPolicy;
import com.leadignite.auth.session.RefreshTokens;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.user.Emails;
import com.leadignite.auth.user.UserJson;
import com.leadignite.auth.user.UserMetadataRules;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.auth.user.AccountRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sign-up: either a new organization with its first user as {@code admin}, or joining an organization
 * through an invitation, with the invitation's role. The role and org never come from the request body;
 * every {@code data} key is checked before the invitation is touched, so a refused request leaves it
 * usable. The user, the redeemed invitation, the session and the audit rows commit together.
 *
 * <p>With email confirmation on, a sign-up without an invitation returns the user without a session and
 * queues a confirmation mail. An unconfirmed account never reserves its address: redeeming an invitation
 * for it (which proves the address) sets it aside, and so does a new sign-up while confirmation is on and
 * the unconfirmed account never had a session (whoever confirms the address first keeps it).
 */
@Service
public class SignUpService {

    public static final String ORG_NAME = "org_name";
    public static final String INVITE_TOKEN = "invite_token";

    private final Database db;
    private final AccountRepository users;
    private final InvitationRedemptionRepository invitations;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final AuditWriter audit;
    private final MailProperties mail;
    private final AccountLifecycleService lifecycle;

    /** A session, or (confirmation pending) the new user object alone. */
    public record Result(IssuedSession session, Map<String, Object> user) {
    }

    public SignUpService(Database db, AccountRepository users, InvitationRedemptionRepository invitations, PasswordPolicy policy,
                         PasswordHasher hasher, SessionIssuer sessions, AuditWriter audit, MailProperties mail,
                         AccountLifecycleService lifecycle) {
        this.mail = mail;
        this.lifecycle = lifecycle;
        this.db = db;
        this.users = users;
        this.invitations = invitations;
        this.policy = policy;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
    }

    public IssuedSession signUp(String rawEmail, String password, Map<String, Object> rawData, String ip, String userAgent) {
        Result r = signUp(rawEmail, password, rawData, ip, userAgent, null);
        if (r.session() == null) {
            throw new IllegalStateException("email confirmation is on: use signUp(..., redirectTo)");
        }
        return r.session();
    }

    public Result signUp(String rawEmail, String password, Map<String, Object> rawData, String ip, String userAgent,
                         String redirectTo) {
        String email = Emails.require(rawEmail);
        Map<String, Object> data = rawData == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rawData);
        Object orgName = data.remove(ORG_NAME);
        Object inviteToken = data.remove(INVITE_TOKEN);
        Map<String, Object> metadata = UserMetadataRules.validate(data);
        if (orgName != null && inviteToken != null) {
            throw AuthError.validation("Send either data.org_name or data.invite_token, not both");
        }
        String org = orgName == null ? null : text(orgName, "data.org_name", 200);
        String invite = inviteToken == null ? null : text(inviteToken, "data.invite_token", 200);
        if (org == null && invite == null) {
            throw AuthError.validation("data.org_name (new organization) or data.invite_token is required");
        }
        policy.check(password);
        String hash = hasher.hash(password);
        try {
            return db.as(DbClaims.AUTH).write(() -> create(email, hash, metadata, org, invite, ip, userAgent, redirectTo));
        } catch (DuplicateKeyException e) {
            throw alreadyExists();
        }
    }

    private Result create(String email, String hash, Map<String, Object> metadata, String orgName, String invite,
                          String ip, String userAgent, String redirectTo) {
        UserRecord existing = users.findByEmail(email).orElse(null);
        // Only an unconfirmed account can be replaced, and only by someone about to prove the address.
        boolean replaceable = existing != null && existing.emailConfirmedAt() == null
                && (invite != null || (mail.confirmationRequired() && existing.lastSignInAt() == null));
        if (existing != null && !replaceable) {
            throw alreadyExists();
        }
        UUID orgId;
        String role;
        InvitationRedemptionRepository.Invitation invitation = null;
        if (invite != null) {
            invitation = invitations.lockRedeemable(RefreshTokens.sha256(invite))
                    .filter(i -> Emails.normalize(i.email()).equals(email))
                    .orElseThrow(() -> AuthError.validation("The invitation is invalid, expired or already used"));
            // Checked after the token and email match, so only the invitee learns it was withdrawn.
            if (invitation.revoked() || !invitations.inviterIsActiveAdmin(invitation.createdBy(), invitation.orgId())) {
                throw new AuthError(HttpStatus.FORBIDDEN, ErrorCode.INVITE_REVOKED,
                        "This invitation was revoked; ask an admin of the organization for a new one");
            }
            orgId = invitation.orgId();
            role = invitation.role();
            if (existing != null) {
                setAside(existing, "address_proven_by_invitation");
            }
        } else {
            if (existing != null) {
                setAside(existing, "unconfirmed_sign_up_replaced");
            }
            orgId = users.createOrg(orgName);
            role = "admin";
        }
        boolean pending = invitation == null && mail.confirmationRequired();
        UUID userId = users.insert(orgId, email, hash, role, metadata, !pending);
        Map<String, Object> details = joined(invitation, orgId, userId, role);
        UserRecord user = users.findById(userId).orElseThrow();
        if (pending) {
            lifecycle.queueConfirmation(userId, email, redirectTo);
            details.put("confirmation", "pending");
            audit.record(AuditEvent.success(orgId, userId, "sign_up", "user", userId, details));
            return new Result(null, UserJson.user(user, users.identities(userId)));
        }
        IssuedSession session = sessions.start(user, ip, userAgent);
        audit.record(AuditEvent.success(orgId, userId, "sign_up", "user", userId, details));
        return new Result(session, null);
    }

    private void setAside(UserRecord existing, String reason) {
        users.setAside(existing.id());
        audit.record(AuditEvent.success(existing.orgId(), null, "account_replaced", "user", existing.id(),
                Map.of("reason", reason)));
    }

    /**
     * Completes a new account's joining, inside its transaction: the invitation it came through is used up
     * (it reached this address, so the address is proven), or the new org it founded is audited. Returns the
     * details for the account's audit row.
     */
    public Map<String, Object> joined(InvitationRedemptionRepository.Invitation invitation, UUID orgId, UUID userId,
                                      String role) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (invitation != null) {
            invitations.markUsed(invitation.id(), userId);
            users.confirmEmail(userId);
            details.put("via", "invitation");
            details.put("invitation_id", invitation.id().toString());
        } else {
            audit.record(AuditEvent.success(orgId, userId, "create", "org", orgId, Map.of()));
            details.put("via", "new_org");
        }
        details.put("role", role);
        return details;
    }

    private static String text(Object v, String field, int max) {
        if (!(v instanceof String s) || s.isBlank() || s.strip().length() > max) {
            throw AuthError.validation(field + " must be a non-empty string of at most " + max + " characters");
        }
        return StorableText.require(s, field).strip();
    }

    private static AuthError alreadyExists() {
        return new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.USER_ALREADY_EXISTS, "User already registered");
    }
}
