package com.leadignite.auth.mfa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code auth.mfa_factors} and {@code auth.mfa_challenges} (migration V150). Callers run it under the auth
 * component's claims; every lookup names the owner too, so one user's ids never reach another's rows.
 */
@Repository
public class FactorRepository {

    private final JdbcClient jdbc;

    public FactorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A factor row, with its sealed secret; never rendered as it is. */
    public record FactorRow(UUID id, UUID userId, UUID orgId, String friendlyName, boolean verified, byte[] secretEnc,
                            Long lastUsedStep) {
        @Override
        public String toString() {
            return "FactorRow[" + id + "]";
        }
    }

    /** A challenge row, locked, with its state computed by the database clock. */
    public record ChallengeRow(UUID id, UUID factorId, boolean expired, boolean used, String ip) {
    }

    public record SealedSecret(UUID factorId, UUID userId, byte[] sealed) {
    }

    int count(UUID userId) {
        return jdbc.sql("select count(*) from auth.mfa_factors where user_id = :uid").param("uid", userId)
                .query(Integer.class).single();
    }

    /** Whether the user already has a factor with this (non-empty) name. */
    boolean nameTaken(UUID userId, String friendlyName) {
        return jdbc.sql("select exists (select 1 from auth.mfa_factors where user_id = :uid and friendly_name = :name)")
                .param("uid", userId).param("name", friendlyName).query(Boolean.class).single();
    }

    void insert(UUID id, UUID userId, UUID orgId, String friendlyName, byte[] secretEnc) {
        jdbc.sql("""
                insert into auth.mfa_factors (id, user_id, org_id, friendly_name, secret_enc)
                values (:id, :uid, :org, :name, :secret)""")
                .param("id", id).param("uid", userId).param("org", orgId).param("name", friendlyName)
                .param("secret", secretEnc).update();
    }

    Optional<FactorRow> find(UUID factorId, UUID userId) {
        return jdbc.sql("select * from auth.mfa_factors where id = :id and user_id = :uid")
                .param("id", factorId).param("uid", userId).query(FactorRepository::factor).optional();
    }

    /** The factor, locked until the transaction ends: two codes checked at once against it run one after the other. */
    Optional<FactorRow> lock(UUID factorId, UUID userId) {
        return jdbc.sql("select * from auth.mfa_factors where id = :id and user_id = :uid for update")
                .param("id", factorId).param("uid", userId).query(FactorRepository::factor).optional();
    }

    /** Records an accepted code's step; the first one also verifies the factor. */
    void accept(UUID factorId, long step) {
        jdbc.sql("""
                update auth.mfa_factors set status = 'verified', last_used_step = :step, updated_at = now()
                 where id = :id""")
                .param("id", factorId).param("step", step).update();
    }

    /** Whether the deleted factor was verified; empty when there was no such factor of the user. */
    Optional<Boolean> delete(UUID factorId, UUID userId) {
        return jdbc.sql("delete from auth.mfa_factors where id = :id and user_id = :uid returning status = 'verified'")
                .param("id", factorId).param("uid", userId).query(Boolean.class).optional();
    }

    boolean hasVerified(UUID userId) {
        return jdbc.sql("select exists (select 1 from auth.mfa_factors where user_id = :uid and status = 'verified')")
                .param("uid", userId).query(Boolean.class).single();
    }

    record NewChallenge(UUID id, Instant expiresAt) {
    }

    NewChallenge createChallenge(FactorRow factor, String ip, long ttlSeconds) {
        return jdbc.sql("""
                insert into auth.mfa_challenges (factor_id, user_id, org_id, ip, expires_at)
                values (:fid, :uid, :org, cast(:ip as inet), now() + make_interval(secs => :ttl))
                returning id, expires_at""")
                .param("fid", factor.id()).param("uid", factor.userId()).param("org", factor.orgId())
                .param("ip", inet(ip)).param("ttl", ttlSeconds)
                .query((rs, n) -> new NewChallenge(rs.getObject("id", UUID.class), rs.getTimestamp("expires_at").toInstant()))
                .single();
    }

    Optional<ChallengeRow> lockChallenge(UUID challengeId, UUID factorId) {
        return jdbc.sql("""
                select id, factor_id, expires_at <= now() as expired, verified_at is not null as used, host(ip) as ip
                  from auth.mfa_challenges where id = :id and factor_id = :fid for update""")
                .param("id", challengeId).param("fid", factorId)
                .query((rs, n) -> new ChallengeRow(rs.getObject("id", UUID.class), rs.getObject("factor_id", UUID.class),
                        rs.getBoolean("expired"), rs.getBoolean("used"), rs.getString("ip")))
                .optional();
    }

    void markChallengeUsed(UUID challengeId) {
        jdbc.sql("update auth.mfa_challenges set verified_at = now() where id = :id").param("id", challengeId).update();
    }

    /** The factor's challenges that can no longer be used: nothing reads them again, so each new one clears them. */
    void deleteSpentChallenges(UUID factorId) {
        jdbc.sql("delete from auth.mfa_challenges where factor_id = :fid and (expires_at <= now() or verified_at is not null)")
                .param("fid", factorId).update();
    }

    List<SealedSecret> sealedSecretsForUpdate() {
        return jdbc.sql("select id, user_id, secret_enc from auth.mfa_factors order by id for update")
                .query((rs, n) -> new SealedSecret(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getBytes("secret_enc")))
                .list();
    }

    List<String> sealedSecretKeyIds() {
        return jdbc.sql("select distinct encode(substring(secret_enc from 2 for 4), 'hex') from auth.mfa_factors")
                .query(String.class).list();
    }

    void reseal(UUID factorId, byte[] resealed) {
        jdbc.sql("update auth.mfa_factors set secret_enc = :secret where id = :id")
                .param("id", factorId).param("secret", resealed).update();
    }

    private static FactorRow factor(ResultSet rs, int n) throws SQLException {
        long step = rs.getLong("last_used_step");
        return new FactorRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("org_id", UUID.class), rs.getString("friendly_name"), "verified".equals(rs.getString("status")),
                rs.getBytes("secret_enc"), rs.wasNull() ? null : step);
    }

    static String inet(String ip) {
        if (ip == null || ip.length() > 45 || !ip.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        return ip;
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
