package com.leadignite.webhooks.endpoint;

import com.leadignite.webhooks.Provider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Endpoint rows. Callers run inside a transaction; row-level security confines an admin to their org,
 * so a foreign id simply finds nothing.
 */
@Repository
public class WebhookEndpointRepository {

    /** What an admin may see of an endpoint: never a secret. */
    public record EndpointRow(UUID id, UUID orgId, Provider provider, Instant createdAt, Instant rotatedAt,
                              Instant previousSecretExpiresAt) {
    }

    /** What the receiver needs to verify a delivery. */
    public record VerificationRow(UUID orgId, byte[] secret, List<byte[]> previousSecrets) {
    }

    private final JdbcClient jdbc;

    public WebhookEndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, UUID orgId, Provider provider, byte[] sealedSecret, UUID createdBy) {
        jdbc.sql("""
                insert into public.webhook_endpoints (id, org_id, provider, secret_enc, created_by)
                values (:id, :org, :provider, :secret, :by)""")
                .param("id", id).param("org", orgId).param("provider", provider.name())
                .param("secret", sealedSecret).param("by", createdBy)
                .update();
    }

    public Optional<EndpointRow> find(UUID id) {
        return jdbc.sql("""
                select id, org_id, provider, created_at, rotated_at, (
                         select max(p.expires_at) from public.webhook_previous_secrets p
                          where p.endpoint_id = e.id and p.expires_at > now()) as previous_secret_expires_at
                  from public.webhook_endpoints e where id = :id and deleted_at is null""")
                .param("id", id).query(WebhookEndpointRepository::row).optional();
    }

    public List<EndpointRow> page(int page, int size) {
        return jdbc.sql("""
                select id, org_id, provider, created_at, rotated_at, (
                         select max(p.expires_at) from public.webhook_previous_secrets p
                          where p.endpoint_id = e.id and p.expires_at > now()) as previous_secret_expires_at
                  from public.webhook_endpoints e where deleted_at is null
                 order by created_at desc, id limit :limit offset :offset""")
                .param("limit", size).param("offset", (long) page * size)
                .query(WebhookEndpointRepository::row).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from public.webhook_endpoints where deleted_at is null")
                .query(Long.class).single();
    }

    /** Locks the endpoint for a rotation; its org, or empty when it is gone. */
    public Optional<UUID> lockForRotation(UUID id) {
        return jdbc.sql("select org_id from public.webhook_endpoints where id = :id and deleted_at is null for update")
                .param("id", id).query(UUID.class).optional();
    }

    /** Forgets rotated-out secrets whose grace period is over; the number still in their grace period. */
    public int pruneAndCountPreviousSecrets(UUID id, Instant now) {
        jdbc.sql("delete from public.webhook_previous_secrets where endpoint_id = :id and expires_at <= :now")
                .param("id", id).param("now", Timestamp.from(now)).update();
        return jdbc.sql("select count(*) from public.webhook_previous_secrets where endpoint_id = :id")
                .param("id", id).query(Integer.class).single();
    }

    /**
     * The current secret keeps verifying until {@code previousExpiresAt} as a previous secret of its
     * own; earlier ones keep their own expiry. Run under {@link #lockForRotation}.
     */
    public boolean rotate(UUID id, byte[] newSealedSecret, Instant now, Instant previousExpiresAt) {
        jdbc.sql("""
                insert into public.webhook_previous_secrets (endpoint_id, org_id, secret_enc, expires_at)
                select id, org_id, secret_enc, :expires from public.webhook_endpoints
                 where id = :id and deleted_at is null""")
                .param("id", id).param("expires", Timestamp.from(previousExpiresAt)).update();
        return jdbc.sql("""
                update public.webhook_endpoints
                   set secret_enc = :secret, rotated_at = :now
                 where id = :id and deleted_at is null""")
                .param("id", id).param("secret", newSealedSecret).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Soft delete: the row stays for the events that reference it, every secret is wiped. */
    public boolean delete(UUID id, Instant now) {
        boolean deleted = jdbc.sql("""
                update public.webhook_endpoints
                   set deleted_at = :now, secret_enc = null, previous_secret_enc = null, previous_secret_expires_at = null
                 where id = :id and deleted_at is null""")
                .param("id", id).param("now", Timestamp.from(now))
                .update() == 1;
        if (deleted) {
            jdbc.sql("delete from public.webhook_previous_secrets where endpoint_id = :id").param("id", id).update();
        }
        return deleted;
    }

    /** Resolves an endpoint for the public receiver (a definer function: no caller is known yet). */
    public Optional<VerificationRow> forVerification(UUID id, Provider provider) {
        return jdbc.sql("""
                select org_id, secret_enc from public.webhook_endpoint_for_verification(:id, :provider)""")
                .param("id", id).param("provider", provider.name())
                .query((rs, n) -> new VerificationRow(rs.getObject("org_id", UUID.class), rs.getBytes("secret_enc"),
                        List.of()))
                .optional()
                .map(row -> new VerificationRow(row.orgId(), row.secret(), jdbc.sql("""
                        select secret_enc from public.webhook_previous_secrets_for_verification(:id, :provider)""")
                        .param("id", id).param("provider", provider.name())
                        .query((rs, n) -> rs.getBytes(1)).list()));
    }

    /** Who registered the endpoint (read under the processing claims of its org). */
    public Optional<UUID> createdBy(UUID id) {
        return jdbc.sql("select created_by from public.webhook_endpoints where id = :id")
                .param("id", id).query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .optional().flatMap(o -> o);
    }

    /** One sealed secret, for master-key rotation: a current one ({@code previous} false) or a rotated-out one. */
    public record SealedSecret(UUID rowId, UUID endpointId, UUID orgId, byte[] sealed, boolean previous) {
    }

    /**
     * Every sealed secret of every org, current and rotated-out, locked for rewriting (master-key
     * rotation, under the {@code service_keys} claims whose policies reach every org's endpoints).
     */
    public List<SealedSecret> sealedSecretsForUpdate() {
        List<SealedSecret> out = new java.util.ArrayList<>(jdbc.sql("""
                select id, org_id, secret_enc from public.webhook_endpoints
                 where secret_enc is not null order by id for update""")
                .query((rs, n) -> new SealedSecret(rs.getObject("id", UUID.class), rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class), rs.getBytes("secret_enc"), false))
                .list());
        out.addAll(jdbc.sql("""
                select id, endpoint_id, org_id, secret_enc from public.webhook_previous_secrets
                 order by id for update""")
                .query((rs, n) -> new SealedSecret(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                        rs.getObject("org_id", UUID.class), rs.getBytes("secret_enc"), true))
                .list());
        return out;
    }

    /** Key ids (hex) in the headers of the stored sealed secrets. */
    public List<String> sealedSecretKeyIds() {
        return jdbc.sql("""
                select encode(substring(secret_enc from 2 for 4), 'hex') from public.webhook_endpoints where secret_enc is not null
                union
                select encode(substring(previous_secret_enc from 2 for 4), 'hex') from public.webhook_endpoints
                 where previous_secret_enc is not null
                union
                select encode(substring(secret_enc from 2 for 4), 'hex') from public.webhook_previous_secrets""")
                .query(String.class).list();
    }

    /** Replaces one sealed secret by the same secret sealed again. */
    public void reseal(SealedSecret secret, byte[] resealed) {
        if (secret.previous()) {
            jdbc.sql("update public.webhook_previous_secrets set secret_enc = :secret where id = :id")
                    .param("id", secret.rowId()).param("secret", resealed).update();
        } else {
            jdbc.sql("update public.webhook_endpoints set secret_enc = :secret where id = :id")
                    .param("id", secret.rowId()).param("secret", resealed).update();
        }
    }

    private static EndpointRow row(ResultSet rs, int n) throws SQLException {
        return new EndpointRow(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                Provider.valueOf(rs.getString("provider")), instant(rs, "created_at"), instant(rs, "rotated_at"),
                instant(rs, "previous_secret_expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
