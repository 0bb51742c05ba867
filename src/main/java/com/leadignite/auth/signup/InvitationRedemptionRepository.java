package com.leadignite.auth.signup;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Redeems {@code auth.invitations} during sign-up (auth-service transaction). */
@Repository
public class InvitationRedemptionRepository {

    private final JdbcClient jdbc;

    public InvitationRedemptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An unused, unexpired invitation. {@code revoked}: an admin revoked it, or the service did when its
     * inviter was locked or demoted; {@code createdBy} is the inviter (null only for legacy rows).
     */
    public record Invitation(UUID id, UUID orgId, String email, String role, UUID createdBy, boolean revoked) {
    }

    /** Locks the row so two sign-ups with one token (or a sign-up and a revocation) cannot both win. */
    public Optional<Invitation> lockRedeemable(byte[] tokenHash) {
        return jdbc.sql("""
                select id, org_id, email, role, created_by, revoked_at is not null as revoked from auth.invitations
                 where token_hash = :hash and used_at is null and expires_at > now()
                 for update""")
                .param("hash", tokenHash)
                .query((rs, n) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getString("email"), rs.getString("role"), rs.getObject("created_by", UUID.class),
                        rs.getBoolean("revoked")))
                .optional();
    }

    /**
     * The newest unused, unexpired, unrevoked invitation for an address, locked (social sign-up joins
     * through it when the provider vouches for the address).
     */
    public Optional<Invitation> lockPendingFor(String normalizedEmail) {
        return jdbc.sql("""
                select id, org_id, email, role, created_by, revoked_at is not null as revoked from auth.invitations
                 where lower(email) = :email and used_at is null and revoked_at is null and expires_at > now()
                 order by created_at desc limit 1
                 for update""")
                .param("email", normalizedEmail)
                .query((rs, n) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getString("email"), rs.getString("role"), rs.getObject("created_by", UUID.class),
                        rs.getBoolean("revoked")))
                .optional();
    }

    /**
     * Is the inviter an active (not locked) admin of the invitation's org right now? Read after the
     * invitation's row lock, so it sees a lock or role change that committed while this sign-up waited.
     */
    public boolean inviterIsActiveAdmin(UUID inviter, UUID orgId) {
        return inviter != null && jdbc.sql("""
                select exists (select 1 from auth.users
                                where id = :id and org_id = :org and role = 'admin' and locked_at is null)""")
                .param("id", inviter).param("org", orgId).query(Boolean.class).single();
    }

    public void markUsed(UUID id, UUID userId) {
        jdbc.sql("update auth.invitations set used_at = now(), used_by = :uid where id = :id and used_at is null")
                .param("uid", userId).param("id", id).update();
    }
}
