package com.leadignite.audit;

import com.leadignite.web.PageQuery;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The audit log for its org's admins: filtered listing and chain verification. */
@Service
public class AuditReadService {

    /** Rows per statement: well inside the statement timeout even on a busy server. */
    static final int SLICE = 50_000;

    private final AuditReadRepository repo;

    public AuditReadService(AuditReadRepository repo) {
        this.repo = repo;
    }

    @Transactional(readOnly = true)
    public PageResponse<AuditEventResource> list(AuthenticatedUser admin, AuditQuery q, PageQuery paging) {
        return new PageResponse<>(repo.list(admin.orgId(), q, paging.size(), paging.offset()), paging.page(),
                paging.size(), repo.count(admin.orgId(), q));
    }

    /**
     * Re-computes every row's hash with {@code public.audit_event_hash} in chain order ({@code chain_pos},
     * numbered under the org's chain-head lock, so concurrent writers cannot make the check order differ
     * from the order rows were chained in), checks each row links to the one before it and the last row
     * is the recorded chain head. The chain is read in slices of {@value #SLICE} rows along the
     * {@code (org_id, chain_pos)} index, so each statement stays short and the time grows linearly
     * with the log (figures in docs/benchmarks.md). Repeatable read: rows appended meanwhile neither
     * show up half-way nor move the head under the check.
     */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public AuditVerification verify(AuthenticatedUser admin) {
        long checked = 0;
        long after = 0;
        byte[] prev = null;
        UUID lastId = null;
        repo.withoutJit();
        while (true) {
            AuditReadRepository.Slice s = repo.checkSlice(admin.orgId(), after, prev, SLICE);
            if (s.firstBrokenId() != null) {
                return new AuditVerification(false, repo.chainLength(admin.orgId()), s.firstBrokenId(), s.reason());
            }
            if (s.rows() == 0) {
                break;
            }
            checked += s.rows();
            after = s.lastPos();
            prev = s.lastHash();
            lastId = s.lastId();
        }
        byte[] head = repo.chainHead();
        if (head != null && head.length > 0 && !AuditReadRepository.same(head, prev)) {
            return new AuditVerification(false, checked, lastId, "tail_missing");
        }
        return new AuditVerification(true, checked, null, null);
    }
}
