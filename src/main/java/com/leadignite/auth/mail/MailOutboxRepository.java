package com.leadignite.auth.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code auth.mail_outbox}. */
@Repository
public class MailOutboxRepository {

    private final JdbcClient jdbc;

    public MailOutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A claimed row, with the secret still sealed. */
    record Due(UUID id, MailKind kind, String recipient, UUID userId, UUID orgId, String redirectTo,
               String otherAddress, byte[] sealedSecret, int attempts, String clientIp, Instant createdAt) {
    }

    void insert(MailKind kind, String recipient, UUID userId, UUID orgId, String redirectTo, String otherAddress,
                byte[] sealedSecret) {
        insert(kind, recipient, userId, orgId, redirectTo, otherAddress, sealedSecret, null);
    }

    void insert(MailKind kind, String recipient, UUID userId, UUID orgId, String redirectTo, String otherAddress,
                byte[] sealedSecret, String clientIp) {
        jdbc.sql("""
                insert into auth.mail_outbox (kind, recipient, user_id, org_id, redirect_to, other_address, sealed_secret,
                                              client_ip)
                values (:kind, :to, :uid, :org, :redirect, :other, :secret, :ip)""")
                .param("kind", kind.column()).param("to", recipient).param("uid", userId).param("org", orgId)
                .param("redirect", redirectTo).param("other", otherAddress).param("secret", sealedSecret)
                .param("ip", clientIp).update();
    }

    /**
     * Claims up to {@code limit} due mails by moving their next attempt {@code leaseSeconds} ahead, so a
     * worker that dies mid-send leaves them to be retried, and two instances never send one mail at once.
     */
    List<Due> claimDue(int limit, long leaseSeconds) {
        return jdbc.sql("""
                update auth.mail_outbox o set next_attempt_at = now() + make_interval(secs => :lease)
                  from (select id from auth.mail_outbox
                         where sent_at is null and failed_at is null and next_attempt_at <= now()
                         order by next_attempt_at limit :limit for update skip locked) d
                 where o.id = d.id
                returning o.id, o.kind, o.recipient, o.user_id, o.org_id, o.redirect_to, o.other_address, o.sealed_secret, o.attempts,
                          o.client_ip, o.created_at""")
                .param("lease", leaseSeconds).param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), MailKind.ofColumn(rs.getString("kind")),
                        rs.getString("recipient"), rs.getObject("user_id", UUID.class), rs.getObject("org_id", UUID.class),
                        rs.getString("redirect_to"), rs.getString("other_address"), rs.getBytes("sealed_secret"), rs.getInt("attempts"),
                        rs.getString("client_ip"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Sent (or nothing left to say): the secret is wiped. */
    void markSent(UUID id) {
        jdbc.sql("update auth.mail_outbox set sent_at = now(), sealed_secret = null, last_error = null where id = :id")
                .param("id", id).update();
    }

    void markRetry(UUID id, Instant nextAttempt, String error) {
        jdbc.sql("""
                update auth.mail_outbox set attempts = attempts + 1, next_attempt_at = :next, last_error = :error
                 where id = :id""")
                .param("id", id).param("next", Timestamp.from(nextAttempt)).param("error", error).update();
    }

    void markFailed(UUID id, String error) {
        jdbc.sql("""
                update auth.mail_outbox set attempts = attempts + 1, failed_at = now(), sealed_secret = null,
                       last_error = :error where id = :id""")
                .param("id", id).param("error", error).update();
    }

    /** Sent and given-up rows older than {@code days}: nothing in them is needed any more. */
    int purge(int days) {
        return jdbc.sql("""
                delete from auth.mail_outbox
                 where (sent_at is not null or failed_at is not null) and created_at < now() - make_interval(days => :days)""")
                .param("days", days).update();
    }
}
