package com.leadignite.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code auth.signing_keys}: readable and writable under the {@code service_auth} claims only. */
@Repository
public class SigningKeyRepository {

    /** A stored key: its private half sealed by the master key. */
    public record Row(String kid, byte[] sealed, boolean active) {
    }

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes key creation, rotation and re-sealing across instances until the transaction ends. */
    public void lockKeySet() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('auth.signing_keys'))").query().singleValue();
    }

    public long countActive() {
        return jdbc.sql("select count(*) from auth.signing_keys where retired_at is null").query(Long.class).single();
    }

    /** Keys still verifying, newest first. */
    public List<Row> verifying() {
        return jdbc.sql("""
                select kid, private_key_enc, retired_at is null as active from auth.signing_keys
                where expires_at is null or expires_at > now() order by created_at desc""")
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getBoolean(3))).list();
    }

    /** Every key, retired and expired ones included, locked for re-sealing. */
    public List<Row> lockAll() {
        return jdbc.sql("select kid, private_key_enc, retired_at is null as active from auth.signing_keys order by kid for update")
                .query((rs, i) -> new Row(rs.getString(1), rs.getBytes(2), rs.getBoolean(3))).list();
    }

    /** Ids of the master keys that sealed any stored key (bytes 2..5 of a sealed value). */
    public List<String> masterKeyIdsInUse() {
        return jdbc.sql("""
                select distinct encode(substring(private_key_enc from 2 for 4), 'hex') from auth.signing_keys""")
                .query(String.class).list();
    }

    public void insert(String kid, String publicJwk, byte[] sealed) {
        jdbc.sql("insert into auth.signing_keys (kid, alg, public_jwk, private_key_enc) values (:kid, 'ES256', cast(:jwk as jsonb), :sealed)")
                .param("kid", kid)
                .param("jwk", publicJwk)
                .param("sealed", sealed)
                .update();
    }

    /** Retires the active key, which keeps verifying for {@code keepVerifying}; when it stops, if there was one. */
    public Optional<Instant> retireActive(Duration keepVerifying) {
        return jdbc.sql("""
                update auth.signing_keys set retired_at = now(), expires_at = now() + make_interval(secs => :secs)
                 where retired_at is null returning expires_at""")
                .param("secs", keepVerifying.toSeconds())
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    public void reseal(String kid, byte[] sealed) {
        jdbc.sql("update auth.signing_keys set private_key_enc = :sealed where kid = :kid")
                .param("sealed", sealed).param("kid", kid).update();
    }
}
