package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import org.springframework.context.ApplicationEventPublisher;

import com.leadignite.db.Database;
import com.leadignite.web.PageQuery;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The audit log for its org's admins ({@link Permission#AUDIT_READ}): filtered listing and chain verification. */
@Service
public class AuditReadService {

    /** Chain positions per statement: well inside the statement timeout even on a busy server. */
    static final int SLICE = 50_000;

    private final AuditReadRepository repo;
    private final Database db;
    private final Authorization authorization;
    private final VerifyGate gate;
    private final ApplicationEventPublisher events;

    public AuditReadService(Database db, AuditReadRepository repo, Authorization authorization, VerifyGate gate,
                            ApplicationEventPublisher events) {
        this.db = db;
        this.repo = repo;
        this.authorization = authorization;
        this.gate = gate;
        this.events = events;
    }

    /** Filters and paging are checked once the caller is known to be an admin (a 403 comes before a 400). */
    public PageResponse<AuditEventResource> list(AuthenticatedUser admin, AuditQuery.Params filters, Integer page,
                                                 Integer size) {
        return db.as(admin.claims()).read(() -> {
            authorization.require(admin, Permission.AUDIT_READ);
            AuditQuery q = filters.parse();
            PageQuery paging = PageQuery.of(page, size);
            return new PageResponse<>(repo.list(admin.orgId(), q, paging.size(), paging.offset()), paging.page(),
                    paging.size(), repo.count(admin.orgId(), q));
        });
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
        // Checked before the gate and the transaction: a refused caller takes neither a slot nor a connection.
        authorization.require(admin, Permission.AUDIT_READ);
        AuditVerification result;
        try (VerifyGate.Slot slot = gate.enter(admin.orgId())) {
            result = check(admin);
        }
        // A broken chain raises an alert; every result feeds the chain-status metric.
        events.publishEvent(new AuditChainVerified(admin.orgId(), result));
        return result;
    }

    private AuditVerification check(AuthenticatedUser admin) {
        return db.as(admin.claims()).snapshot(() -> {
            long checked = 0;
            byte[] prev = null;
            UUID lastId = null;
            repo.withoutJit();
            long[] bounds = repo.chainBounds(admin.orgId());
            // From just before the lowest position: a row slipped in below the chain's first is checked too.
            long after = bounds[0] - 1;
            while (after < bounds[1]) {
                long upto = Math.min(after + SLICE, bounds[1]);
                AuditReadRepository.Slice s = repo.checkSlice(admin.orgId(), after, upto, prev);
                if (s.firstBrokenId() != null) {
                    return new AuditVerification(false, repo.chainLength(admin.orgId()), s.firstBrokenId(), s.reason());
                }
                if (s.rows() > 0) {
                    checked += s.rows();
                    prev = s.lastHash();
                    lastId = s.lastId();
                    after = upto;
                } else {
                    // A gap (rows removed, or one slipped in far away) is skipped in one step, not range by range.
                    after = repo.nextPosition(admin.orgId(), upto) - 1;
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
