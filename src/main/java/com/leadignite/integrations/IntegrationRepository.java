package com.leadignite.integrations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code public.integrations} (V200): one row per org and provider, the credential only sealed. */
@Repository
public class IntegrationRepository {

    /** A stored integration; {@code sealed} is null when the provider revoked the credential. */
    public record Row(UUID orgId, IntegrationProvider provider, byte[] sealed, boolean connected, String reason,
                      String scopes, String keyLast4, String accountId, Instant connectedAt, Instant expiresAt,
                      Instant lastRotatedAt) {
    }

    /** What master-key rotation needs of a row. */
    public record SealedCredential(UUID orgId, IntegrationProvider provider, byte[] sealed) {
    }

    private static final String COLUMNS = """
            org_id, provider, credential_enc, connected, reason, scopes, key_last4, account_id, connected_at,
            expires_at, last_rotated_at""";

    private final JdbcClient jdbc;

    public IntegrationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> all(UUID orgId) {
        return jdbc.sql("select " + COLUMNS + " from public.integrations where org_id = :org order by provider")
                .param("org", orgId).query(IntegrationRepository::row).list();
    }

    public Optional<Row> find(UUID orgId, IntegrationProvider provider) {
        return jdbc.sql("select " + COLUMNS + " from public.integrations where org_id = :org and provider = :provider")
                .param("org", orgId).param("provider", provider.name()).query(IntegrationRepository::row).optional();
    }

    /** The row locked until the end of the transaction (refresh and rotation of one credential do not overlap). */
    public Optional<Row> lock(UUID orgId, IntegrationProvider provider) {
        return jdbc.sql("select " + COLUMNS + " from public.integrations where org_id = :org and provider = :provider for update")
                .param("org", orgId).param("provider", provider.name()).query(IntegrationRepository::row).optional();
    }

    /** Stores a fresh credential, replacing whatever was there (connected again, reason cleared). */
    public void upsert(UUID orgId, IntegrationProvider provider, byte[] sealed, String scopes, String keyLast4,
                       String accountId, UUID connectedBy, Instant now, Instant expiresAt) {
        jdbc.sql("""
                insert into public.integrations (org_id, provider, credential_enc, connected, reason, scopes, key_last4,
                                                 account_id, connected_by, connected_at, expires_at, last_rotated_at, updated_at)
                values (:org, :provider, :sealed, true, null, :scopes, :last4, :account, :by, :now, :expires, null, :now)
                on conflict (org_id, provider) do update
                   set credential_enc = excluded.credential_enc, connected = true, reason = null,
                       scopes = excluded.scopes, key_last4 = excluded.key_last4, account_id = excluded.account_id,
                       connected_by = excluded.connected_by, connected_at = excluded.connected_at,
                       expires_at = excluded.expires_at, last_rotated_at = null, updated_at = excluded.updated_at""")
                .param("org", orgId).param("provider", provider.name()).param("sealed", sealed).param("scopes", scopes)
                .param("last4", keyLast4).param("account", accountId).param("by", connectedBy)
                .param("now", Timestamp.from(now)).param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
    }

    /** A refreshed or replaced credential of a connected integration. */
    public boolean rotated(UUID orgId, IntegrationProvider provider, byte[] sealed, String scopes, String keyLast4,
                           Instant now, Instant expiresAt) {
        return jdbc.sql("""
                update public.integrations
                   set credential_enc = :sealed, scopes = coalesce(:scopes, scopes), key_last4 = coalesce(:last4, key_last4),
                       expires_at = :expires, last_rotated_at = :now, updated_at = :now, refresh_lease_until = null
                 where org_id = :org and provider = :provider and connected""")
                .param("org", orgId).param("provider", provider.name()).param("sealed", sealed).param("scopes", scopes)
                .param("last4", keyLast4).param("now", Timestamp.from(now))
                .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                .update() == 1;
    }

    /** The provider refused the credential: it is dropped and the integration shows {@code reason: revoked}. */
    public boolean markRevoked(UUID orgId, IntegrationProvider provider, Instant now) {
        return jdbc.sql("""
                update public.integrations set credential_enc = null, connected = false, reason = 'revoked', updated_at = :now,
                       refresh_lease_until = null
                 where org_id = :org and provider = :provider and connected""")
                .param("org", orgId).param("provider", provider.name()).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /**
     * Claims the refresh lease of a connected integration for {@code leaseFor}: only while its sealed
     * credential is still {@code seen} and no unexpired lease is held. Not a row lock held across the
     * provider call, so no pooled connection waits on the provider.
     */
    public boolean claimRefresh(UUID orgId, IntegrationProvider provider, byte[] seen, Duration leaseFor) {
        return jdbc.sql("""
                update public.integrations set refresh_lease_until = now() + make_interval(secs => :secs)
                 where org_id = :org and provider = :provider and connected and credential_enc = :seen
                   and (refresh_lease_until is null or refresh_lease_until < now())""")
                .param("org", orgId).param("provider", provider.name()).param("seen", seen)
                .param("secs", leaseFor.toMillis() / 1000.0)
                .update() == 1;
    }

    /** Gives the lease back after a refresh that changed nothing (the provider was unavailable). */
    public void releaseRefresh(UUID orgId, IntegrationProvider provider) {
        jdbc.sql("update public.integrations set refresh_lease_until = null where org_id = :org and provider = :provider")
                .param("org", orgId).param("provider", provider.name()).update();
    }

    public boolean delete(UUID orgId, IntegrationProvider provider) {
        return jdbc.sql("delete from public.integrations where org_id = :org and provider = :provider")
                .param("org", orgId).param("provider", provider.name()).update() == 1;
    }

    // --- master-key rotation (claims service_keys) ---

    public List<SealedCredential> sealedForUpdate() {
        return jdbc.sql("select org_id, provider, credential_enc from public.integrations where credential_enc is not null for update")
                .query((rs, n) -> new SealedCredential(rs.getObject("org_id", UUID.class),
                        IntegrationProvider.valueOf(rs.getString("provider")), rs.getBytes("credential_enc")))
                .list();
    }

    public void reseal(SealedCredential c, byte[] resealed) {
        jdbc.sql("update public.integrations set credential_enc = :sealed where org_id = :org and provider = :provider")
                .param("sealed", resealed).param("org", c.orgId()).param("provider", c.provider().name()).update();
    }

    public List<String> sealedKeyIds() {
        return jdbc.sql("""
                select distinct encode(substring(credential_enc from 2 for 4), 'hex') from public.integrations
                 where credential_enc is not null""")
                .query(String.class).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("org_id", UUID.class), IntegrationProvider.valueOf(rs.getString("provider")),
                rs.getBytes("credential_enc"), rs.getBoolean("connected"), rs.getString("reason"), rs.getString("scopes"),
                rs.getString("key_last4"), rs.getString("account_id"), instant(rs, "connected_at"),
                instant(rs, "expires_at"), instant(rs, "last_rotated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
