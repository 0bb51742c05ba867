package com.leadignite.webhooks.receive;

import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Replay ids in {@code public.webhook_replay_ids}, whose primary key makes the first insert win. */
@Repository
public class DatabaseReplayGuard implements ReplayGuard {

    private final JdbcClient jdbc;

    public DatabaseReplayGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstSeen(UUID orgId, UUID endpointId, String messageId, Duration retention) {
        return jdbc.sql("""
                insert into public.webhook_replay_ids (endpoint_id, message_id, org_id)
                values (:endpoint, :message, :org) on conflict do nothing""")
                .param("endpoint", endpointId).param("message", messageId).param("org", orgId)
                .update() == 1;
    }

    @Override
    public void forget(UUID endpointId, String messageId) {
        // the insert rolls back with the transaction that failed to store the event
    }

    @Override
    public boolean databaseBacked() {
        return true;
    }

    /** Deletes ids older than the retention (the database never goes below five minutes). */
    public int purge(Duration retention) {
        return jdbc.sql("select public.webhook_replay_ids_purge(:seconds)")
                .param("seconds", (int) Math.min(Integer.MAX_VALUE, retention.toSeconds()))
                .query(Integer.class).single();
    }
}
