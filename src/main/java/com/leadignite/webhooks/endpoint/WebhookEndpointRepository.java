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
    public record VerificationRow(UUID orgId, byte[] secret, byte[] previousSecret, Instant previousSecretExpiresAt) {
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
                select id, org_id, provider, created_at, rotated_at, previous_secret_expires_at
                  from public.webhook_endpoints where id = :id and deleted_at is null""")
                .param("id", id).query(WebhookEndpointRepository::row).optional();
    }

    public List<EndpointRow> page(int page, int size) {
        return jdbc.sql("""
                select id, org_id, provider, created_at, rotated_at, previous_secret_expires_at
                  from public.webhook_endpoints where deleted_at is null
                 order by created_at desc, id limit :limit offset :offset""")
                .param("limit", size).param("offset", (long) page * size)
                .query(WebhookEndpointRepository::row).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from public.webhook_endpoints where deleted_at is null")
                .query(Long.class).single();
    }

    /** The current secret becomes the previous one until {@code previousExpiresAt}. */
    public boolean rotate(UUID id, byte[] newSealedSecret, Instant now, Instant previousExpiresAt) {
        return jdbc.sql("""
                update public.webhook_endpoints
                   set previous_secret_enc = secret_enc, previous_secret_expires_at = :expires,
                       secret_enc = :secret, rotated_at = :now
                 where id = :id and deleted_at is null""")
                .param("id", id).param("secret", newSealedSecret)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(previousExpiresAt))
                .update() == 1;
    }

    /** Soft delete: the row stays for the events that reference it, the secrets are wiped. */
    public boolean delete(UUID id, Instant now) {
        return jdbc.sql("""
                update public.webhook_endpoints
                   set deleted_at = :now, secret_enc = null, previous_secret_enc = null, previous_secret_expires_at = null
                 where id = :id and deleted_at is null""")
                .param("id", id).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Resolves an endpoint for the public receiver (a definer function: no caller is known yet). */
    public Optional<VerificationRow> forVerification(UUID id, Provider provider) {
        return jdbc.sql("""
                select org_id, secret_enc, previous_secret_enc, previous_secret_expires_at
                  from public.webhook_endpoint_for_verification(:id, :provider)""")
                .param("id", id).param("provider", provider.name())
                .query((rs, n) -> new VerificationRow(rs.getObject("org_id", UUID.class), rs.getBytes("secret_enc"),
                        rs.getBytes("previous_secret_enc"), instant(rs, "previous_secret_expires_at")))
                .optional();
    }

    /** Who registered the endpoint (read under the processing claims of its org). */
    public Optional<UUID> createdBy(UUID id) {
        return jdbc.sql("select created_by from public.webhook_endpoints where id = :id")
                .param("id", id).query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .optional().flatMap(o -> o);
    }

    /** Sealed secrets of one endpoint, for master-key rotation. */
    public record SealedSecrets(UUID id, UUID orgId, byte[] secret, byte[] previousSecret) {
    }

    /**
     * Every endpoint's sealed secrets, locked for rewriting (master-key rotation, under the
     * {@code service_keys} claims whose policies reach every org's endpoints).
     */
    public List<SealedSecrets> sealedSecretsForUpdate() {
        return jdbc.sql("""
                select id, org_id, secret_enc, previous_secret_enc from public.webhook_endpoints
                 where secret_enc is not null or previous_secret_enc is not null
                 order by id for update""")
                .query((rs, n) -> new SealedSecrets(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getBytes("secret_enc"), rs.getBytes("previous_secret_enc")))
                .list();
    }

    /** Key ids (hex) in the headers of the stored sealed secrets. */
    public List<String> sealedSecretKeyIds() {
        return jdbc.sql("""
                select encode(substring(secret_enc from 2 for 4), 'hex') from public.webhook_endpoints where secret_enc is not null
                union
                select encode(substring(previous_secret_enc from 2 for 4), 'hex') from public.webhook_endpoints
                 where previous_secret_enc is not null""")
                .query(String.class).list();
    }

    /** Replaces the sealed secrets of one endpoint by the same secrets sealed again. */
    public void reseal(UUID id, byte[] secret, byte[] previousSecret) {
        jdbc.sql("""
                update public.webhook_endpoints set secret_enc = :secret, previous_secret_enc = :previous
                 where id = :id""")
                .param("id", id).param("secret", secret).param("previous", previousSecret)
                .update();
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
