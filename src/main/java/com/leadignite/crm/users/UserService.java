package com.leadignite.crm.users;

import com.leadignite.db.Database;
import com.leadignite.web.SortSpec;
import com.leadignite.web.PageQuery;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.audit.Changes;
import com.leadignite.auth.signin.BruteForceProtection;
import com.leadignite.auth.user.Emails;
import com.leadignite.crm.invitations.InvitationService;
import com.leadignite.crm.leads.LeadService;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.ApiException;
import com.leadignite.web.PageResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The org's users as its admins manage them: reads need {@link Permission#USER_READ}, changes
 * {@link Permission#USER_ADMIN} (with step-up), checked in the transaction that does the work; then the
 * rules that need the data: not oneself, never an org without an active admin, sessions of a changed
 * user end at once, every change audited with it.
 */
@Service
public class UserService {

    static final String ENTITY = "user";
    static final Set<String> ROLES = Set.of("admin", "agent", "user");
    static final Map<String, String> SORTABLE = Map.of(
            "created_at", "created_at", "email", "lower(email)", "role", "role", "last_sign_in_at", "last_sign_in_at");

    private final UserRepository users;
    private final AuditWriter audit;
    private final Authorization denials;
    private final BruteForceProtection bruteForce;
    private final LeadService leads;
    private final InvitationService invitations;
    private final Database db;

    public UserService(Database db, UserRepository users, AuditWriter audit, Authorization denials, BruteForceProtection bruteForce,
                       LeadService leads, InvitationService invitations) {
        this.db = db;
        this.bruteForce = bruteForce;
        this.leads = leads;
        this.invitations = invitations;
        this.users = users;
        this.audit = audit;
        this.denials = denials;
    }

    /** Paging and sort are checked once the caller is known to be an admin (a 403 comes before a 400). */
    public PageResponse<UserResource> list(AuthenticatedUser admin, Integer page, Integer size, String sortText) {
        return db.as(admin.claims()).read(() -> {
            denials.require(admin, Permission.USER_READ);
            PageQuery paging = PageQuery.of(page, size);
            SortSpec sort = SortSpec.parse(sortText, SORTABLE, "created_at", SortSpec.Direction.asc);
            return new PageResponse<>(users.list(admin.orgId(), paging, sort), paging.page(), paging.size(),
                    users.count(admin.orgId()));
        });
    }

    public UserResource get(AuthenticatedUser admin, UUID id) {
        return db.as(admin.claims()).read(() -> {
            denials.require(admin, Permission.USER_READ);
            return users.find(admin.orgId(), id).orElseThrow(() -> denials.notFound(admin, ENTITY, id));
        });
    }

    public UserResource changeRole(AuthenticatedUser admin, UUID id, String role) {
        return db.as(admin.claims()).write(() -> {
            denials.require(admin, Permission.USER_ADMIN);
            if (role == null || !ROLES.contains(role)) {
                throw FieldErrorException.of("role", "must be one of admin, agent, user");
            }
            refuseSelf(admin, id, "own_role");
            List<UUID> activeAdmins = users.lockActiveAdmins(admin.orgId());
            UserResource target = users.findForUpdate(admin.orgId(), id).orElseThrow(() -> denials.notFound(admin, ENTITY, id));
            if (target.role().equals(role)) {
                requireStillAdmin(admin, activeAdmins, id);
                return target;
            }
            if (!"admin".equals(role)) {
                requireAnotherAdmin(activeAdmins, id);
            }
            requireStillAdmin(admin, activeAdmins, id);
            users.setRole(admin.orgId(), id, role);
            int revoked = users.revokeSessions(id, "role_change");
            Map<String, Object> details = new Changes().field("role", target.role(), role).details();
            details.put("sessions_revoked", revoked);
            if ("agent".equals(target.role())) {
                // Leads are assigned to agents only (API.md §3): a former agent keeps none, under the row
                // lock taken above, which a concurrent assignment waits for.
                details.put("assignments_cleared", leads.clearAssignments(admin, id, "role_change"));
            }
            if ("admin".equals(target.role())) {
                // An invitation stops working when its inviter stops being an admin (API.md §2).
                details.put("invitations_revoked", invitations.revokePendingBy(admin, id, "inviter_role_change"));
            }
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "role_change", ENTITY, id, details));
            return reload(admin, id);
        });
    }

    public UserResource lock(AuthenticatedUser admin, UUID id) {
        return db.as(admin.claims()).write(() -> {
            denials.require(admin, Permission.USER_ADMIN);
            refuseSelf(admin, id, "own_lock");
            List<UUID> activeAdmins = users.lockActiveAdmins(admin.orgId());
            UserResource target = users.findForUpdate(admin.orgId(), id).orElseThrow(() -> denials.notFound(admin, ENTITY, id));
            if ("admin".equals(target.role())) {
                requireAnotherAdmin(activeAdmins, id);
            }
            requireStillAdmin(admin, activeAdmins, id);
            users.setLocked(admin.orgId(), id, true);
            // Revoked even when the account was already locked: a lock must leave no live session behind.
            int revoked = users.revokeSessions(id, "locked");
            UserResource after = reload(admin, id);
            Map<String, Object> details = new Changes().field("locked", target.locked(), true).details();
            details.put("sessions_revoked", revoked);
            // ...and when its inviter is locked, for good: an unlock does not revive them.
            details.put("invitations_revoked", invitations.revokePendingBy(admin, id, "inviter_locked"));
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "lock", ENTITY, id, details));
            return after;
        });
    }

    public UserResource unlock(AuthenticatedUser admin, UUID id) {
        return db.as(admin.claims()).write(() -> {
            denials.require(admin, Permission.USER_ADMIN);
            refuseSelf(admin, id, "own_lock");
            List<UUID> activeAdmins = users.lockActiveAdmins(admin.orgId());
            UserResource target = users.findForUpdate(admin.orgId(), id).orElseThrow(() -> denials.notFound(admin, ENTITY, id));
            requireStillAdmin(admin, activeAdmins, id);
            users.setLocked(admin.orgId(), id, false);
            // An admin's unlock also ends a brute-force lockout and its failure count.
            bruteForce.clear(Emails.normalize(target.email()));
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "unlock", ENTITY, id,
                    new Changes().field("locked", target.locked(), false).details()));
            return reload(admin, id);
        });
    }

    private void refuseSelf(AuthenticatedUser admin, UUID id, String reason) {
        if (admin.id().equals(id)) {
            throw denials.forbidden(admin, ENTITY, id, reason);
        }
    }

    /** 409 when {@code target} is the last active admin of the org (counted under the admin-row lock). */
    private static void requireAnotherAdmin(List<UUID> activeAdmins, UUID target) {
        if (activeAdmins.stream().noneMatch(a -> !a.equals(target))) {
            throw ApiException.conflict("The organization must keep at least one active admin.");
        }
    }

    /** The caller may have been demoted or locked by a concurrent request since their session was checked. */
    private void requireStillAdmin(AuthenticatedUser admin, List<UUID> activeAdmins, UUID target) {
        if (!activeAdmins.contains(admin.id())) {
            throw denials.forbidden(admin, ENTITY, target, "no_longer_admin");
        }
    }

    private UserResource reload(AuthenticatedUser admin, UUID id) {
        return users.find(admin.orgId(), id).orElseThrow(ApiException::notFound);
    }
}
