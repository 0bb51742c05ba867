package com.leadignite.audit;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.web.PageQuery;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The audit log for its org's admins: filtered listing and chain verification. */
@Service
public class AuditReadService {

    /** Chain positions per statement: well inside the statement timeout even on a busy server. */
    static final int SLICE = 50_000;

    private final AuditReadRepository repo;
    private final Database db;

    public AuditReadService(Database db, AuditReadRepository repo) {
        this.db = db;
        this.repo = repo;
    }

    public PageResponse<AuditEventResource> list(AuthenticatedUser admin, AuditQuery q, PageQuery paging) {
        return db.as(admin.claims()).read(() -> new PageResponse<>(repo.list(admin.orgId(), q, paging.size(), paging.offset()), paging.page(),
                    paging.size(), repo.count(admin.orgId(), q)));
    }

    /**
     * Checks every row of the org's chain in chain order ({@code chain_pos}, numbered under the org's
     * chain-head lock, so concurrent writers cannot make the check order differ from the order rows were
     * chained in): each row's hash against {@code public.audit_event_hash} of its content and its stored
     * link, each link against the row before it, and the last row against the recorded chain head. The
     * rows are checked in ranges of {@value #SLICE} positions along the {@code (org_id, chain_pos)}
     * index, one set-based statement each, handing the last hash of one range to the next, so every
     * statement stays far inside the statement timeout however long the log (figures in
     * docs/benchmarks.md). Repeatable read: rows appended meanwhile neither show up half-way nor move
     * the head under the check.
     */
    public AuditVerification verify(AuthenticatedUser admin) {
        return verify(admin.claims(), admin.orgId());
    }

    /** {@link #verify(AuthenticatedUser)} under {@code claims} that can read {@code orgId}'s chain. */
    AuditVerification verify(DbClaims claims, UUID orgId) {
        return db.as(claims).snapshot(() -> {
            long checked = 0;
            byte[] prev = null;
            UUID lastId = null;
            repo.withoutJit();
            long[] bounds = repo.chainBounds(orgId);
            // From just before the lowest position: a row slipped in below the chain's first is checked too.
            long after = bounds[0] - 1;
            while (after < bounds[1]) {
                long upto = Math.min(after + SLICE, bounds[1]);
                AuditReadRepository.Slice s = repo.checkSlice(orgId, after, upto, prev);
                if (s.firstBrokenId() != null) {
                    return new AuditVerification(false, repo.chainLength(orgId), s.firstBrokenId(), s.reason());
                }
                if (s.rows() > 0) {
                    checked += s.rows();
                    prev = s.lastHash();
                    lastId = s.lastId();
                    after = upto;
                } else {
                    // A gap (rows removed, or one slipped in far away) is skipped in one step, not range by range.
                    after = repo.nextPosition(orgId, upto) - 1;
                }
            }
            byte[] head = repo.chainHead();
            if (head != null && head.length > 0 && !AuditReadRepository.same(head, prev)) {
                return new AuditVerification(false, checked, lastId, "tail_missing");
            }
            return new AuditVerification(true, checked, null, null);
        });
    }
}
