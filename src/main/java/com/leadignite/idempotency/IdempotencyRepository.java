package com.leadignite.idempotency;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code public.idempotency_keys}. Every method runs inside a transaction carrying the caller's claims:
 * the row-level security policies confine it to the caller's own keys. Times come from the database
 * clock ({@code now()}), the same one the clean-up uses.
 */
@Repository
class IdempotencyRepository {

    /** A stored key as its owner sees it. */
    record StoredKey(byte[] requestHash, boolean completed, Integer responseStatus, String responseBody, String location) {
    }

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reserves the key for this request: inserts it, or takes over a row that expired or whose request
     * was abandoned (in progress for longer than {@code abandonedAfter}). Returns the reservation's
     * {@code created_at}, which identifies it for {@link #complete}/{@link #release}; empty when the key
     * is held by a live row. The primary key makes exactly one of several concurrent callers win.
     */
    Optional<OffsetDateTime> reserve(UUID userId, UUID orgId, String key, byte[] hash, Duration ttl, Duration abandonedAfter) {
        return jdbc.sql("""
                insert into public.idempotency_keys as k (user_id, org_id, key, request_hash, status, expires_at)
                values (:user, :org, :key, :hash, 'in_progress', now() + make_interval(secs => :ttl))
                on conflict (user_id, org_id, key) do update
                   set request_hash = excluded.request_hash, status = 'in_progress', response_status = null,
                       response_body = null, location = null, created_at = now(), expires_at = excluded.expires_at
                 where k.expires_at <= now()
                    or (k.status = 'in_progress' and k.created_at <= now() - make_interval(secs => :abandoned))
                returning k.created_at""")
                .param("user", userId).param("org", orgId).param("key", key).param("hash", hash)
                .param("ttl", ttl.toSeconds()).param("abandoned", abandonedAfter.toSeconds())
                .query(OffsetDateTime.class).optional();
    }

    /** The caller's live row for {@code key} in their current org, if any. */
    Optional<StoredKey> find(UUID userId, UUID orgId, String key) {
        return jdbc.sql("""
                select request_hash, status, response_status, response_body, location
                  from public.idempotency_keys
                 where user_id = :user and org_id = :org and key = :key and expires_at > now()""")
                .param("user", userId).param("org", orgId).param("key", key)
                .query((rs, i) -> new StoredKey(rs.getBytes("request_hash"), "completed".equals(rs.getString("status")),
                        (Integer) rs.getObject("response_status", Integer.class), rs.getString("response_body"),
                        rs.getString("location")))
                .optional();
    }

    /** Stores the first response; false when the reservation is no longer ours (taken over meanwhile). */
    boolean complete(UUID userId, UUID orgId, String key, OffsetDateTime reservedAt, int status, String body, String location) {
        return jdbc.sql("""
                update public.idempotency_keys
                   set status = 'completed', response_status = :status, response_body = :body, location = :location
                 where user_id = :user and org_id = :org and key = :key and created_at = :reserved and status = 'in_progress'""")
                .param("status", status).param("body", body).param("location", location)
                .param("user", userId).param("org", orgId).param("key", key).param("reserved", reservedAt)
                .update() == 1;
    }

    /** Gives the key back after a failed first attempt, so a corrected request may use it. */
    void release(UUID userId, UUID orgId, String key, OffsetDateTime reservedAt) {
        jdbc.sql("""
                delete from public.idempotency_keys
                 where user_id = :user and org_id = :org and key = :key and created_at = :reserved and status = 'in_progress'""")
                .param("user", userId).param("org", orgId).param("key", key).param("reserved", reservedAt)
                .update();
    }

    /** Deletes up to {@code limit} expired keys of all users (through the definer function). */
    int purgeExpired(int limit) {
        return jdbc.sql("select public.idempotency_keys_purge(:limit)").param("limit", limit)
                .query(Integer.class).single();
    }
}
