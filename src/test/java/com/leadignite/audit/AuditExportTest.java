package com.leadignite.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/audit-events/export}: the org's chain as NDJSON that {@code tools/VerifyAuditExport.java}
 * verifies offline, and which fails that check once a line is edited, removed, moved or cut off.
 */
class AuditExportTest extends TwoOrgTest {

    @TempDir
    Path dir;

    @BeforeEach
    void someHistory() {
        // text the hash must survive byte for byte: non-ASCII, quotes, a backslash, an escaped control character
        for (String name : List.of("Zoë \"Quoted\"", "Back\\slash", "Plain")) {
            assertThat(http.post("/api/v1/leads", Map.of("first_name", name, "notes", "line one\nline two"),
                    "Authorization", admin.bearer()).status()).isEqualTo(201);
        }
        assertThat(http.post("/api/v1/leads", Map.of("first_name", "Elsewhere"), "Authorization", otherAdmin.bearer())
                .status()).isEqualTo(201);
        http.get("/api/v1/audit-events", "Authorization", agent.bearer()); // a denial row, with the agent's address
    }

    private Http.Response export(Fixtures.TestUser caller, String query) {
        return http.get("/api/v1/audit-events/export" + query, "Authorization", caller.bearer());
    }

    private List<String> lines(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new ArrayList<>(List.of(r.body().split("\n")));
    }

    @Test
    void theExportHoldsTheOrgsWholeChainAndVerifiesOffline() throws Exception {
        Http.Response r = export(admin, "");
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(r.header("Content-Disposition")).startsWith("attachment");
        assertThat(r.header("Cache-Control")).contains("no-store");
        List<String> lines = lines(r);
        long rows = count("select count(*) from public.audit_events where org_id = ?", org);
        assertThat(lines).hasSize((int) rows + 1);
        JsonNode first = Http.JSON.readTree(lines.get(0));
        assertThat(first.get("chain_pos").asLong()).isEqualTo(1);
        assertThat(first.get("prev_hash").isNull()).isTrue();
        assertThat(first.get("hash").asString()).matches("[0-9a-f]{64}");
        JsonNode end = Http.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(end.get("end").asBoolean()).isTrue();
        assertThat(end.get("rows").asLong()).isEqualTo(rows);
        assertThat(r.body()).doesNotContain(otherOrg.toString()).doesNotContain("Elsewhere").contains("Zoë");

        Verification ok = verify(lines);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).startsWith("OK: " + rows + " rows");
        String head = end.get("last_hash").asString();
        assertThat(verify(lines, "--head", head).exit()).isZero();
        assertThat(verify(lines, "--head", "00".repeat(32)).exit()).isEqualTo(1);
    }

    @Test
    void anEditedLineFailsTheCheck() throws Exception {
        List<String> lines = lines(export(admin, ""));
        int i = indexOf(lines, "Zoë");
        lines.set(i, lines.get(i).replace("Zoë", "Zoe"));
        Verification v = verify(lines);
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.output()).contains("line " + (i + 1)).contains("hash_mismatch");

        // an edit outside details too: the actor of a row
        List<String> again = lines(export(admin, ""));
        int j = indexOf(again, "\"actor_id\":\"" + admin.id());
        again.set(j, again.get(j).replace(admin.id().toString(), agent.id().toString()));
        assertThat(verify(again).exit()).isEqualTo(1);
    }

    @Test
    void aDeletedLineFailsTheCheck() throws Exception {
        List<String> lines = lines(export(admin, ""));
        lines.remove(1);
        Verification v = verify(lines);
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.output()).contains("line 2");

        // the last row removed and the closing line made to match the count: its last_hash still gives it away
        List<String> tail = lines(export(admin, ""));
        String end = tail.remove(tail.size() - 1);
        tail.remove(tail.size() - 1);
        tail.add(end.replaceFirst("\"rows\":\\d+", "\"rows\":" + (tail.size())));
        assertThat(verify(tail).exit()).isEqualTo(1);
    }

    @Test
    void reorderedLinesFailTheCheck() throws Exception {
        List<String> lines = lines(export(admin, ""));
        Collections.swap(lines, 1, 2);
        assertThat(verify(lines).exit()).isEqualTo(1);
    }

    @Test
    void aCutOffFileFailsTheCheck() throws Exception {
        List<String> lines = lines(export(admin, ""));
        lines.remove(lines.size() - 1);
        Verification v = verify(lines);
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.output()).contains("cut off");
    }

    @Test
    void aTimeRangeExportsAContiguousPieceThatVerifiesToo() throws Exception {
        List<String> all = lines(export(admin, ""));
        String from = Http.JSON.readTree(all.get(1)).get("occurred_at").asString();
        List<String> part = lines(export(admin, "?from=" + from));
        assertThat(part.size()).isBetween(2, all.size() - 1);
        Verification v = verify(part);
        assertThat(v.exit()).as(v.output()).isZero();
        String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        List<String> none = lines(export(admin, "?from=" + future));
        assertThat(none).hasSize(1);
        assertThat(verify(none).exit()).isZero();
    }

    @Test
    void onlyAdminsWithARecentSignInMayExport() {
        assertThat(export(agent, "").status()).isEqualTo(403);
        assertThat(export(user, "").status()).isEqualTo(403);
        Fixtures.TestUser stale = fixtures.user(org, "admin", Instant.now().minus(2, ChronoUnit.HOURS));
        Http.Response r = export(stale, "");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("reauthentication");
        assertThat(http.get("/api/v1/audit-events/export").status()).isEqualTo(401);
        // another org's admin gets their own org's rows, never these
        assertThat(export(otherAdmin, "").body()).doesNotContain(org.toString()).contains(otherOrg.toString());
    }

    @Test
    void badBoundsAreA400() {
        for (String q : List.of("?from=yesterday", "?to=2026-13-01T00:00:00Z", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "?from=%00")) {
            Http.Response r = export(admin, q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    record Verification(int exit, String output) {
    }

    private Verification verify(List<String> lines, String... options) throws IOException, InterruptedException {
        Path file = dir.resolve("export-" + UUID.randomUUID() + ".ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "tools/VerifyAuditExport.java", file.toString()));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Verification(p.exitValue(), out);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static long count(String sql, Object arg) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
