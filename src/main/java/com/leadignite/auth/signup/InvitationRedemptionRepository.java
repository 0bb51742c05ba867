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

    /** An invitation that can still be redeemed: unused and not expired. */
    public record Invitation(UUID id, UUID orgId, String email, String role) {
    }

    /** Locks the row so two sign-ups with one token cannot both redeem it. */
    public Optional<Invitation> lockRedeemable(byte[] tokenHash) {
        return jdbc.sql("""
                select id, org_id, email, role from auth.invitations
                 where token_hash = :hash and used_at is null and expires_at > now()
                 for update""")
                .param("hash", tokenHash)
                .query((rs, n) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getString("email"), rs.getString("role")))
                .optional();
    }

    public void markUsed(UUID id, UUID userId) {
        jdbc.sql("update auth.invitations set used_at = now(), used_by = :uid where id = :id and used_at is null")
                .param("uid", userId).param("id", id).update();
    }
}
