package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;

import com.leadignite.db.Database;
import com.leadignite.security.AuthenticatedUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/audit-events/export} (API.md §6): the org's audit rows as NDJSON, one object per
 * line in chain order, with everything {@code public.audit_event_hash} covers (details as the exact
 * stored text) and the stored {@code prev_hash} and {@code hash}, then one closing line
 * {@code {"end":true,"rows":N,"last_hash":...}}. {@code tools/VerifyAuditExport.java} checks a file
 * offline (docs/alerts.md). Rows are read in pages of {@value #PAGE} along the {@code (org_id, chain_pos)}
 * index, each page in its own short transaction: a pooled connection is held for one page, never while
 * the client reads slowly.
 */
@Service
public class AuditExport {

    static final int PAGE = 1000;
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

    private final AuditExportRepository repo;
    private final Database db;
    private final JsonMapper json;
    private final Authorization authorization;

    AuditExport(AuditExportRepository repo, Database db, JsonMapper json, Authorization authorization) {
        this.repo = repo;
        this.db = db;
        this.json = json;
        this.authorization = authorization;
    }

    /** An export its caller may take ({@link #prepare}), over {@code [from, to)} (null: unbounded). */
    public static final class Range {

        private final AuthenticatedUser admin;
        private final OffsetDateTime from;
        private final OffsetDateTime to;

        private Range(AuthenticatedUser admin, OffsetDateTime from, OffsetDateTime to) {
            this.admin = admin;
            this.from = from;
            this.to = to;
        }

        public AuthenticatedUser admin() {
            return admin;
        }
    }

    /**
     * Decides, before any byte of the answer is written, whether the caller may export
     * ({@link Permission#AUDIT_EXPORT}: admin with step-up) and whether the bounds are valid (400).
     */
    public Range prepare(AuthenticatedUser admin, String from, String to) {
        authorization.require(admin, Permission.AUDIT_EXPORT);
        OffsetDateTime start = AuditQuery.time("from", from);
        OffsetDateTime end = AuditQuery.time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw FieldErrorException.of("to", "must be after from");
        }
        return new Range(admin, start, end);
    }

    /** Writes the export of a {@link #prepare prepared} range to {@code out}. */
    public void write(Range export, OutputStream out) throws IOException {
        AuthenticatedUser admin = export.admin;
        OffsetDateTime from = export.from;
        OffsetDateTime to = export.to;
        long[] range = db.as(admin.claims()).read(() -> repo.range(admin.orgId(), from, to));
        long after = range[0] - 1;
        long upto = range[1];
        long rows = 0;
        String lastHash = null;
        while (after < upto) {
            long start = after;
            List<AuditExportRepository.Row> page = db.as(admin.claims()).read(() -> repo.page(admin.orgId(), start, upto, PAGE));
            if (page == null || page.isEmpty()) {
                break;
            }
            StringBuilder lines = new StringBuilder(page.size() * 400);
            for (AuditExportRepository.Row r : page) {
                line(lines, r);
                rows++;
                lastHash = r.hash();
                after = r.chainPos();
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        StringBuilder end = new StringBuilder("{\"end\":true,\"rows\":").append(rows).append(",\"last_hash\":")
                .append(str(lastHash)).append("}\n");
        out.write(end.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void line(StringBuilder b, AuditExportRepository.Row r) {
        b.append("{\"id\":").append(str(r.id()))
                .append(",\"chain_pos\":").append(r.chainPos())
                .append(",\"occurred_at\":").append(str(INSTANT.format(r.occurredAt().withOffsetSameInstant(ZoneOffset.UTC))))
                .append(",\"org_id\":").append(str(r.orgId()))
                .append(",\"actor_id\":").append(str(r.actorId()))
                .append(",\"actor_ip\":").append(str(r.actorIp()))
                .append(",\"request_id\":").append(str(r.requestId()))
                .append(",\"action\":").append(str(r.action()))
                .append(",\"entity_type\":").append(str(r.entityType()))
                .append(",\"entity_id\":").append(str(r.entityId()))
                .append(",\"outcome\":").append(str(r.outcome()))
                // The stored jsonb text as it is, since that exact text is what the hash covers.
                .append(",\"details\":").append(r.detailsText())
                .append(",\"prev_hash\":").append(str(r.prevHash()))
                .append(",\"hash\":").append(str(r.hash()))
                .append("}\n");
    }

    private String str(Object v) {
        return v == null ? "null" : json.writeValueAsString(v.toString());
    }
}
