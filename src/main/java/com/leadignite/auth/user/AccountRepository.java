package com.leadignite.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code auth.users}, {@code auth.user_credentials} and {@code auth.identities}. Callers run it inside an
 * auth-service transaction (the only claims that can see a password hash).
 */
@Repository
public class AccountRepository {

    // The password hash lives in auth.user_credentials, readable only with the auth component's claims.
    private static final String SELECT = """
            select u.id, u.org_id, u.email, c.encrypted_password, u.role, u.user_metadata::text as user_metadata,
                   u.provider, u.locked_at, u.created_at, u.updated_at, u.last_sign_in_at, u.email_confirmed_at
              from auth.users u left join auth.user_credentials c on c.user_id = u.id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public AccountRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<UserRecord> findByEmail(String normalizedEmail) {
        return jdbc.sql(SELECT + " where lower(u.email) = :email")
                .param("email", normalizedEmail).query(this::map).optional();
    }

    public Optional<UserRecord> findById(UUID id) {
        return jdbc.sql(SELECT + " where u.id = :id")
                .param("id", id).query(this::map).optional();
    }

    public boolean emailExists(String normalizedEmail) {
        return jdbc.sql("select exists (select 1 from auth.users where lower(email) = :email)")
                .param("email", normalizedEmail).query(Boolean.class).single();
    }

    public UUID createOrg(String name) {
        return jdbc.sql("insert into public.organizations (name) values (:name) returning id")
                .param("name", name).query(UUID.class).single();
    }

    public UUID insert(UUID orgId, String email, String passwordHash, String role, Map<String, Object> metadata) {
        return insert(orgId, email, passwordHash, role, metadata, true);
    }

    /** {@code signedIn}: the sign-up starts a session (false while the address awaits confirmation). */
    public UUID insert(UUID orgId, String email, String passwordHash, String role, Map<String, Object> metadata,
                       boolean signedIn) {
        UUID id = jdbc.sql("""
                insert into auth.users (org_id, email, role, user_metadata, last_sign_in_at)
                values (:org, :email, :role, cast(:meta as jsonb), case when :signed then now() end) returning id""")
                .param("org", orgId).param("email", email).param("role", role).param("signed", signedIn)
                .param("meta", json.writeValueAsString(metadata))
                .query(UUID.class).single();
        if (passwordHash != null) {
            jdbc.sql("insert into auth.user_credentials (user_id, encrypted_password) values (:id, :pw)")
                    .param("id", id).param("pw", passwordHash).update();
        }
        jdbc.sql("""
                insert into auth.identities (user_id, provider, provider_id, identity_data, last_sign_in_at)
                values (:uid, 'email', :pid, cast(:data as jsonb), case when :signed then now() end)""")
                .param("signed", signedIn)
                .param("uid", id).param("pid", id.toString())
                .param("data", json.writeValueAsString(Map.of("sub", id.toString(), "email", email,
                        "email_verified", false, "phone_verified", false)))
                .update();
        return id;
    }

    private UUID insertUser(UUID orgId, String email, String role, Map<String, Object> metadata, String provider) {
        return jdbc.sql("""
                insert into auth.users (org_id, email, role, user_metadata, provider, last_sign_in_at)
                values (:org, :email, :role, cast(:meta as jsonb), :provider, now()) returning id""")
                .param("org", orgId).param("email", email).param("role", role)
                .param("meta", json.writeValueAsString(metadata)).param("provider", provider)
                .query(UUID.class).single();
    }

    /** An account made by a social sign-in: no password, and only the provider's identity. */
    public UUID insertSocial(UUID orgId, String email, String role, String provider, String subject,
                             Map<String, Object> identityData) {
        UUID id = insertUser(orgId, email, role, Map.of(), provider);
        linkIdentity(id, provider, subject, identityData);
        return id;
    }

    /** The account a provider's {@code (provider, sub)} is linked to. */
    public Optional<UserRecord> findByIdentity(String provider, String subject) {
        return jdbc.sql(SELECT + " join auth.identities i on i.user_id = u.id where i.provider = :p and i.provider_id = :sub")
                .param("p", provider).param("sub", subject).query(this::map).optional();
    }

    public void linkIdentity(UUID userId, String provider, String subject, Map<String, Object> identityData) {
        jdbc.sql("""
                insert into auth.identities (user_id, provider, provider_id, identity_data, last_sign_in_at)
                values (:uid, :p, :sub, cast(:data as jsonb), now())""")
                .param("uid", userId).param("p", provider).param("sub", subject)
                .param("data", json.writeValueAsString(identityData)).update();
    }

    /** A sign-in through a linked identity: its latest claims and the sign-in time. */
    public void recordSocialSignIn(UUID userId, String provider, String subject, Map<String, Object> identityData) {
        jdbc.sql("update auth.users set last_sign_in_at = now() where id = :id").param("id", userId).update();
        jdbc.sql("""
                update auth.identities set identity_data = cast(:data as jsonb), last_sign_in_at = now(), updated_at = now()
                 where user_id = :uid and provider = :p and provider_id = :sub""")
                .param("data", json.writeValueAsString(identityData)).param("uid", userId).param("p", provider)
                .param("sub", subject).update();
    }

    /**
     * Has the account proven that it owns its address: confirmed by mail, by a redeemed invitation, or by a
     * provider identity that vouched for that very address ({@code email_confirmed_at}, set by all of them)?
     */
    public boolean addressProven(UUID userId) {
        return jdbc.sql("select email_confirmed_at is not null from auth.users where id = :id")
                .param("id", userId).query(Boolean.class).optional().orElse(false);
    }

    /** The address is proven (confirmation, recovery, invitation): set once, never moved later. */
    public boolean confirmEmail(UUID userId) {
        int n = jdbc.sql("update auth.users set email_confirmed_at = now(), updated_at = now() where id = :id and email_confirmed_at is null")
                .param("id", userId).update();
        jdbc.sql("""
                update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb
                 where user_id = :id and provider = 'email'""").param("id", userId).update();
        return n == 1;
    }

    /**
     * Moves an unconfirmed account off its address so the one who proved the address can have it: the row
     * stays (records and audit rows may point at it), renamed to an address nobody receives, and locked,
     * which ends its sessions at their next use.
     */
    public void setAside(UUID userId) {
        jdbc.sql("""
                update auth.users set email = id::text || '@replaced.invalid', locked_at = coalesce(locked_at, now()),
                       updated_at = now() where id = :id and email_confirmed_at is null""")
                .param("id", userId).update();
        jdbc.sql("""
                update auth.identities set identity_data = identity_data || jsonb_build_object('email', :email)
                 where user_id = :id and provider = 'email'""")
                .param("id", userId).param("email", userId + "@replaced.invalid").update();
    }

    /** The owner proved the new address: it replaces the old one, proven. */
    public void changeEmail(UUID userId, String newEmail) {
        jdbc.sql("update auth.users set email = :email, email_confirmed_at = now(), updated_at = now() where id = :id")
                .param("email", newEmail).param("id", userId).update();
        jdbc.sql("""
                update auth.identities set identity_data = identity_data || jsonb_build_object('email', :email, 'email_verified', true)
                 where user_id = :id and provider = 'email'""")
                .param("email", newEmail).param("id", userId).update();
    }

    public void recordSignIn(UUID userId) {
        jdbc.sql("update auth.users set last_sign_in_at = now() where id = :id").param("id", userId).update();
        jdbc.sql("update auth.identities set last_sign_in_at = now() where user_id = :id and provider = 'email'")
                .param("id", userId).update();
    }

    public void updatePassword(UUID userId, String hash) {
        jdbc.sql("""
                insert into auth.user_credentials (user_id, encrypted_password) values (:id, :pw)
                on conflict (user_id) do update set encrypted_password = excluded.encrypted_password, updated_at = now()""")
                .param("pw", hash).param("id", userId).update();
        jdbc.sql("update auth.users set updated_at = now() where id = :id").param("id", userId).update();
    }

    public void updateMetadata(UUID userId, Map<String, Object> metadata) {
        jdbc.sql("update auth.users set user_metadata = cast(:meta as jsonb), updated_at = now() where id = :id")
                .param("meta", json.writeValueAsString(metadata)).param("id", userId).update();
    }

    public java.util.List<Map<String, Object>> identities(UUID userId) {
        return jdbc.sql("""
                select id, user_id, provider, provider_id, identity_data::text as identity_data, created_at, updated_at,
                       last_sign_in_at from auth.identities where user_id = :uid order by created_at""")
                .param("uid", userId)
                .query((rs, n) -> UserJson.identity(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("provider"), rs.getString("provider_id"), readMap(rs.getString("identity_data")),
                        instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "last_sign_in_at")))
                .list();
    }

    /** The user's MFA factors as the user object lists them (GoTrue's {@code factors}), oldest first. */
    public java.util.List<Map<String, Object>> factors(UUID userId) {
        return jdbc.sql("""
                select id, friendly_name, factor_type, status, created_at, updated_at
                  from auth.mfa_factors where user_id = :uid order by created_at, id""")
                .param("uid", userId)
                .query((rs, n) -> UserJson.factor(rs.getObject("id", UUID.class), rs.getString("friendly_name"),
                        rs.getString("factor_type"), rs.getString("status"), instant(rs, "created_at"),
                        instant(rs, "updated_at")))
                .list();
    }

    private UserRecord map(ResultSet rs, int n) throws SQLException {
        return new UserRecord(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class), rs.getString("email"),
                rs.getString("encrypted_password"), rs.getString("role"), readMap(rs.getString("user_metadata")),
                rs.getString("provider"), instant(rs, "locked_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "last_sign_in_at"), instant(rs, "email_confirmed_at"));
    }

    private Map<String, Object> readMap(String text) {
        return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, Object>>() {
        });
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
