package com.leadignite.crm.invitations;

import com.leadignite.auth.mail.MailOutbox;
import com.leadignite.auth.mail.MailProperties;
import com.leadignite.db.Database;
import com.leadignite.web.PageQuery;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.ApiException;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Issues invitations: a 256-bit random token goes to the admin once, only its SHA-256 is stored, and
 * the auth component redeems it at sign-up (single use, expiry). Whether the email already has an
 * account is deliberately not checked here: answering that would let an admin of any org probe which
 * addresses are registered anywhere; sign-up refuses existing emails anyway. Admins only; issuing and
 * revoking need step-up.
 */
@Service
public class InvitationService {

    static final String ENTITY = "invitation";
    private static final Set<String> ROLES = Set.of("admin", "agent", "user");
    // Practical address shape: no spaces, no markup, one @, a dotted domain.
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InvitationRepository invitations;
    private final InvitationProperties props;
    private final AuditWriter audit;
    private final Database db;
    private final Authorization authorization;
    private final MailOutbox outbox;
    private final MailProperties mail;

    public InvitationService(Database db, InvitationRepository invitations, InvitationProperties props, AuditWriter audit,
                             Authorization authorization, MailOutbox outbox, MailProperties mail) {
        this.db = db;
        this.authorization = authorization;
        this.outbox = outbox;
        this.mail = mail;
        this.invitations = invitations;
        this.props = props;
        this.audit = audit;
    }

    public InvitationCreated create(AuthenticatedUser admin, CreateInvitationRequest req) {
        return db.as(admin.claims()).write(() -> {
            authorization.require(admin, Permission.INVITATION_ADMIN);
            String email = validate(req);
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            var row = invitations.insert(admin.orgId(), admin.id(), email, req.role(), sha256(token),
                    props.ttl().toSeconds());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("email", email);
            after.put("role", req.role());
            after.put("expires_at", row.expiresAt().toString());
            // Mailed only through SMTP: without it the admin hands the token over (it is in the response).
            if (mail.smtp().configured()) {
                outbox.queueInvitation(email, admin.orgId(), token);
                after.put("mailed", true);
            }
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "create", ENTITY, row.id(), Map.of("after", after)));
            return new InvitationCreated(row.id(), email, req.role(), token, row.expiresAt());
        });
    }

    public PageResponse<InvitationResource> list(AuthenticatedUser admin, Integer page, Integer size) {
        return db.as(admin.claims()).read(() -> {
            authorization.require(admin, Permission.INVITATION_READ);
            PageQuery paging = PageQuery.of(page, size);
            return new PageResponse<>(invitations.list(admin.orgId(), paging.size(), paging.offset()), paging.page(),
                    paging.size(), invitations.count(admin.orgId()));
        });
    }

    /** An invitation of the admin's org; unknown or another org's id → 404 (reported). */
    public InvitationResource get(AuthenticatedUser admin, java.util.UUID id) {
        return db.as(admin.claims()).read(() -> {
            authorization.require(admin, Permission.INVITATION_READ);
            return invitations.find(admin.orgId(), id).orElseThrow(() -> authorization.notFound(admin, ENTITY, id));
        });
    }

    /**
     * Revokes an invitation of the admin's org: audited once; revoking a revoked one again changes
     * nothing. Unknown or another org's id → 404 (reported); a used invitation stays as it is, 409
     * (the account exists: lock it or change its role).
     */
    public void revoke(AuthenticatedUser admin, java.util.UUID id) {
        db.as(admin.claims()).run(() -> {
            authorization.require(admin, Permission.INVITATION_ADMIN);
            var state = invitations.lockForRevocation(admin.orgId(), id)
                    .orElseThrow(() -> authorization.notFound(admin, ENTITY, id));
            if (state.used()) {
                throw ApiException.conflict("The invitation was already used; lock the account or change its role instead.");
            }
            if (!state.revoked()) {
                invitations.revoke(admin.orgId(), id);
                audit.record(AuditEvent.success(admin.orgId(), admin.id(), "revoke", ENTITY, id, Map.of("reason", "revoked")));
            }
        });
    }

    /**
     * Revokes every pending invitation {@code inviter} sent, because they are no longer an active admin
     * ({@code reason}); one audit row each. Runs in the caller's transaction (the lock or role change).
     *
     * @return how many were revoked
     */
    public int revokePendingBy(AuthenticatedUser admin, java.util.UUID inviter, String reason) {
        return db.as(admin.claims()).write(() -> {
            var revoked = invitations.revokePendingBy(admin.orgId(), inviter);
            revoked.forEach(id -> audit.record(AuditEvent.success(admin.orgId(), admin.id(), "revoke", ENTITY, id,
                    Map.of("reason", reason, "inviter_id", inviter.toString()))));
            return revoked.size();
        });
    }

    private static String validate(CreateInvitationRequest req) {
        List<FieldErrorException.FieldError> errors = new ArrayList<>();
        String email = req.email() == null ? null : req.email().trim().toLowerCase(Locale.ROOT);
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldErrorException.FieldError("email", "must be a valid email address"));
        }
        if (req.role() == null || !ROLES.contains(req.role())) {
            errors.add(new FieldErrorException.FieldError("role", "must be one of admin, agent, user"));
        }
        if (!errors.isEmpty()) {
            throw new FieldErrorException(errors);
        }
        return email;
    }

    /** The stored form of a token; the auth component hashes the presented token the same way. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
