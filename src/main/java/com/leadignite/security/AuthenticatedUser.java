package com.leadignite.security;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The caller of a request, as the database says it is right now: org, role and email are read per
 * request, never taken from the token, so a sign-out, role change or lock takes effect at once.
 *
 * <p>A caller with a session of ours starts unconfirmed: the session is checked by the first statement
 * of each transaction the request opens under {@link #claims()} ({@code auth.begin_session}), which also
 * yields org, role and email. Asking for those before any transaction confirms the session with one
 * statement of its own. A session that is not live throws {@link SessionRevokedException} (401) either way.
 *
 * @see DbClaims.Session
 */
public final class AuthenticatedUser implements DbClaims.Confirmation {

    public enum Role {
        admin, agent, user
    }

    /** {@code orgRequiresMfa}: null for a caller built confirmed (the database was not asked). */
    private record Confirmed(UUID orgId, Role role, String email, Boolean orgRequiresMfa) {
    }

    private final UUID id;
    private final UUID sessionId;
    private final Instant lastPasswordAuth;
    /** Whether the token says its session proved a second factor ({@code aal: "aal2"}); signed by us, so trusted. */
    private final boolean aal2;
    /** Whether the signed token names the caller an admin: a hint for what to check, never a permission. */
    private final boolean adminClaim;
    /** How an unconfirmed session is checked; null for a caller confirmed when it was built. */
    private final Database database;
    private final Duration inactivity;
    private volatile Confirmed confirmed;
    /** The refusal to raise if the confirmation says the org requires MFA of this admin ({@link OrgMfaEnforcement}). */
    private volatile Supplier<? extends RuntimeException> orgMfaDenial;

    /**
     * A caller the database has already confirmed (an external project's user; tests).
     *
     * @param lastPasswordAuth newest password {@code amr} timestamp of the token, for step-up checks
     */
    public AuthenticatedUser(UUID id, UUID orgId, Role role, String email, UUID sessionId, Instant lastPasswordAuth) {
        this.id = Objects.requireNonNull(id);
        this.sessionId = sessionId;
        this.lastPasswordAuth = lastPasswordAuth;
        this.aal2 = false;
        this.adminClaim = role == Role.admin;
        this.database = null;
        this.inactivity = null;
        this.confirmed = new Confirmed(Objects.requireNonNull(orgId), Objects.requireNonNull(role), email, null);
    }

    private AuthenticatedUser(UUID id, UUID sessionId, Instant lastPasswordAuth, boolean aal2, boolean adminClaim,
                              Database database, Duration inactivity) {
        this.id = Objects.requireNonNull(id);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.lastPasswordAuth = lastPasswordAuth;
        this.aal2 = aal2;
        this.adminClaim = adminClaim;
        this.database = Objects.requireNonNull(database);
        this.inactivity = Objects.requireNonNull(inactivity);
    }

    /** The bearer of a verified access token of ours, whose session the database has yet to confirm. */
    static AuthenticatedUser ofSession(UUID id, UUID sessionId, Instant lastPasswordAuth, boolean aal2,
                                       boolean adminClaim, Database database, Duration inactivity) {
        return new AuthenticatedUser(id, sessionId, lastPasswordAuth, aal2, adminClaim, database, inactivity);
    }

    public UUID id() {
        return id;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public Instant lastPasswordAuth() {
        return lastPasswordAuth;
    }

    /** Whether the token's session has proved a second factor (MFA). */
    public boolean isAal2() {
        return aal2;
    }

    /** Whether the signed token says admin; the database's role ({@link #role()}) is what permissions follow. */
    boolean adminClaim() {
        return adminClaim;
    }

    public UUID orgId() {
        return confirmed().orgId();
    }

    public Role role() {
        return confirmed().role();
    }

    public String email() {
        return confirmed().email();
    }

    public boolean isAdmin() {
        return role() == Role.admin;
    }

    /**
     * Whether the caller's org requires MFA of its admins, as the confirmation of the session said
     * (confirming it now if need be); empty for a caller built confirmed, whose org was not asked.
     */
    Optional<Boolean> orgRequiresMfa() {
        return Optional.ofNullable(confirmed().orgRequiresMfa());
    }

    /** Whether the database has confirmed this caller during the request (always, for one built confirmed). */
    public boolean isConfirmed() {
        return confirmed != null;
    }

    /**
     * The claims this caller's transactions run as: its session, checked again by every transaction's
     * first statement; or, for a caller confirmed when it was built, its confirmed identity.
     */
    public DbClaims claims() {
        if (database != null) {
            return new DbClaims.Session(id, sessionId, inactivity, this);
        }
        Confirmed c = confirmed;
        return new DbClaims.User(id, c.orgId(), c.role().name(), c.email(), sessionId);
    }

    /**
     * Has the confirmation of the session refuse the request with {@code denial} if the caller is an admin
     * of an org that requires MFA of its admins: decided by the statement that confirms the session (the
     * first of the request's first transaction), so before any work, at no cost of its own.
     */
    void denyOnConfirmationIfOrgRequiresMfa(Supplier<? extends RuntimeException> denial) {
        orgMfaDenial = denial;
    }

    /** Confirms the session now, with one statement outside any transaction, unless already done. */
    public void confirm() {
        confirmed();
    }

    private Confirmed confirmed() {
        Confirmed c = confirmed;
        if (c == null) {
            database.confirm(new DbClaims.Session(id, sessionId, inactivity, this));
            c = confirmed;
        }
        return c;
    }

    /** The database's answer: the newest org, role and email of a live session, or the end of the request. */
    @Override
    public void confirmed(Optional<DbClaims.Live> live) {
        DbClaims.Live l = live.filter(v -> v.user().userId().equals(id)).orElseThrow(SessionRevokedException::new);
        DbClaims.User u = l.user();
        Confirmed c = new Confirmed(u.orgId(), Role.valueOf(u.role()), u.email(), l.orgRequiresMfa());
        confirmed = c;
        Supplier<? extends RuntimeException> denial = orgMfaDenial;
        if (denial != null && c.role() == Role.admin && l.orgRequiresMfa()) {
            // Inside the confirming transaction: it rolls back before the request's work runs.
            throw denial.get();
        }
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[id=" + id + ", sessionId=" + sessionId + "]";
    }
}
