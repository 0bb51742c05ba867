package com.leadignite.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;

/**
 * Verification scales: a million rows of one org (COPYed straight into the table, chained exactly as the
 * trigger chains them) verify within seconds, and an edit deep inside them is still named. Part of
 * {@code mvn verify}; the bound leaves room for a loaded 2-core CI machine (figures in docs/benchmarks.md).
 */
class AuditVerifyScaleTest extends TwoOrgTest {

    private static final int ROWS = 1_000_000;
    private static final int BATCH = 100_000;
    private static final long MAX_VERIFY_MILLIS = 60_000; // measured 16-21 s at load average 8-16 on 2 cores

    @Test
    void aMillionRowsVerifyWithinSecondsAndAnEditIsStillNamed() throws Exception {
        long t0 = System.nanoTime();
        UUID victim = writeChain(ROWS, ROWS * 7 / 10);
        long written = System.nanoTime();

        JsonNode ok = timedVerify("valid");
        assertThat(ok.get("valid").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("checked").asLong()).isEqualTo(ROWS);

        Fixtures.exec("update public.audit_events set details = '{\"edited\":true}'::jsonb where id = ?", victim);
        JsonNode broken = timedVerify("edited");
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("first_broken_id").asString()).isEqualTo(victim.toString());
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
                "wrote " + ROWS + " audit rows in " + (written - t0) / 1_000_000 + " ms");
    }

    private JsonNode timedVerify(String label) {
        long t = System.nanoTime();
        var r = http.send(http.request("/api/v1/audit-events/verify").timeout(java.time.Duration.ofMinutes(3)).GET(),
                "Authorization", admin.bearer());
        long ms = (System.nanoTime() - t) / 1_000_000;
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, "verify (" + label + ") of " + ROWS + " rows: " + ms + " ms");
        assertThat(r.status()).isEqualTo(200);
        assertThat(ms).as("verify of " + ROWS + " rows (ms)").isLessThan(MAX_VERIFY_MILLIS);
        return r.json();
    }

    /** COPYs {@code n} chained rows of {@code org} with the trigger's hashing; returns the id at {@code mark}. */
    private UUID writeChain(int n, int mark) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        byte[] prev = null;
        UUID marked = null;
        long ms = Instant.now().minusSeconds(3600).toEpochMilli();
        try (Connection c = TestDatabase.owner()) {
            c.setAutoCommit(false);
            c.createStatement().execute("set local session_replication_role = replica"); // the rows are chained here
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                UUID id = UUID.randomUUID();
                if (i == mark) {
                    marked = id;
                }
                long at = ms + i;
                String content = String.join("|", id.toString(), Long.toString(at), org.toString(), "", "", "",
                        "access_denied", "lead", "", "denied", "{}");
                if (prev != null) {
                    sha.update(prev);
                }
                byte[] hash = sha.digest(content.getBytes(StandardCharsets.UTF_8));
                batch.append(id).append('\t').append(Instant.ofEpochMilli(at)).append('\t').append(org)
                        .append("\taccess_denied\tlead\tdenied\t{}\t")
                        .append(prev == null ? "\\N" : "\\\\x" + hex.formatHex(prev)).append('\t')
                        .append("\\\\x").append(hex.formatHex(hash)).append('\t').append(i).append('\n');
                prev = hash;
                if (i % BATCH == 0 || i == n) {
                    copy.copyIn("copy public.audit_events (id, occurred_at, org_id, action, entity_type, outcome, details,"
                            + " prev_hash, hash, chain_pos) from stdin", new StringReader(batch.toString()));
                    batch.setLength(0);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into public.audit_chain_heads (org_key, last_hash, last_pos) values (?, ?, ?)
                    on conflict (org_key) do update set last_hash = excluded.last_hash, last_pos = excluded.last_pos""")) {
                ps.setObject(1, org);
                ps.setBytes(2, prev);
                ps.setLong(3, n);
                ps.execute();
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("analyze public.audit_events");
        }
        return marked;
    }
}
