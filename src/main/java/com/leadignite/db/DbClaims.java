package com.leadignite.db;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a transaction runs as: what row-level security reads from {@code request.jwt.claims}. A fixed set
 * of cases; {@link Database#as} is the only way to open a transaction with them, and
 * {@link Database#json} the only place they become JSON.
 */
public sealed interface DbClaims {

    /**
     * An end user's session of ours. It is not trusted as given: the transaction's first statement
     * ({@code auth.begin_session}) checks that the session is live and the user not locked, sets the
     * claims from the database's rows and returns them, which are then handed to {@code confirmation}.
     */
    record Session(UUID userId, UUID sessionId, Duration inactivity, Confirmation confirmation) implements DbClaims {
        public Session {
            Objects.requireNonNull(userId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(inactivity);
            Objects.requireNonNull(confirmation);
        }
    }

    /**
     * An end user already confirmed by the database in this request (a caller of an external Supabase
     * project, who has no session of ours; or a test's fixture user).
     *
     * @param role the user's role in the org ({@code admin}, {@code agent}, {@code user})
     */
    record User(UUID userId, UUID orgId, String role, String email, UUID sessionId) implements DbClaims {
        public User {
            Objects.requireNonNull(userId);
            Objects.requireNonNull(orgId);
            Objects.requireNonNull(role);
        }
    }

    /** Work no end user is behind, under one of the narrow service roles the policies name. */
    record Service(ServiceRole role, UUID orgId) implements DbClaims {
        public Service {
            Objects.requireNonNull(role);
            if (role.orgScoped() == (orgId == null) && role != ServiceRole.service_webhook
                    && role != ServiceRole.service_audit_verify) {
                throw new IllegalArgumentException(role + (role.orgScoped() ? " needs an org" : " takes no org"));
            }
        }
    }

    /** No claims: the {@code auth.*} helpers return NULL and the policies let nothing through. */
    record Anonymous() implements DbClaims {
    }

    Anonymous ANONYMOUS = new Anonymous();
    Service AUTH = new Service(ServiceRole.service_auth, null);
    Service AUDIT = new Service(ServiceRole.service_audit, null);
    Service KEYS = new Service(ServiceRole.service_keys, null);
    Service ALERTS = new Service(ServiceRole.service_alerts, null);

    static Service capture(UUID orgId) {
        return new Service(ServiceRole.service_capture, orgId);
    }

    /** Webhook work for one endpoint's org; {@code orgId} null when no org is known (sees nothing of any org). */
    static Service webhook(UUID orgId) {
        return new Service(ServiceRole.service_webhook, orgId);
    }

    /** Outbound integration work for one org (a dial by an agent, a token refresh, a refused credential). */
    static Service integration(UUID orgId) {
        return new Service(ServiceRole.service_integration, orgId);
    }

    /**
     * Periodic audit chain verification: {@code orgId} null lists the orgs that have a chain; with an org,
     * reads that org's rows and chain head.
     */
    static Service auditVerify(UUID orgId) {
        return new Service(ServiceRole.service_audit_verify, orgId);
    }

    /** The service roles the policies in the migrations admit. */
    enum ServiceRole {
        /** the auth component, the only one that reads credentials, sessions and signing keys */
        service_auth(false),
        /** independent audit writes: may only append audit rows */
        service_audit(false),
        /** public lead capture: inserts an unowned lead into one org */
        service_capture(true),
        /** webhook processing for one endpoint's org */
        service_webhook(true),
        /** re-sealing every org's sealed secrets after a master-key rotation */
        service_keys(false),
        /** outbound integration work for one org without its admin behind it (a dial, a token refresh) */
        service_integration(true),
        /** the alert engine: opens, bumps and resolves alerts of every org */
        service_alerts(false),
        /** periodic audit chain verification: lists the orgs with a chain, reads one org's chain at a time */
        service_audit_verify(true);

        private final boolean orgScoped;

        ServiceRole(boolean orgScoped) {
            this.orgScoped = orgScoped;
        }

        public boolean orgScoped() {
            return orgScoped;
        }
    }

    /**
     * The database's answer for a live {@link Session}: the user as the database has it now, and whether
     * the user's org requires MFA of its admins (so enforcing that costs no statement of its own).
     */
    record Live(User user, boolean orgRequiresMfa) {
        public Live {
            Objects.requireNonNull(user);
        }
    }

    /** Receives the database's answer for a {@link Session}: the live session, or empty when it is not live. */
    @FunctionalInterface
    interface Confirmation {
        void confirmed(Optional<Live> live);
    }
}
