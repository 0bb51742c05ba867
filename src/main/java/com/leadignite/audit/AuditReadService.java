package com.leadignite.audit;

import com.leadignite.web.PageQuery;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The audit log for its org's admins: filtered listing and chain verification. */
@Service
public class AuditReadService {

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
     * Re-computes every row's hash with {@code public.audit_event_hash} in {@code seq} order and checks
     * each row links to the one before it and the last row is the recorded chain head. Repeatable read:
     * rows appended meanwhile neither show up half-way nor move the head under the check.
     */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public AuditVerification verify(AuthenticatedUser admin) {
        AuditReadRepository.ChainCheck c = repo.check(admin.orgId());
        if (c.firstBrokenId() != null) {
            return new AuditVerification(false, c.checked(), c.firstBrokenId(), c.reason());
        }
        byte[] head = repo.chainHead();
        if (head != null && head.length > 0 && !AuditReadRepository.same(head, c.lastHash())) {
            return new AuditVerification(false, c.checked(), c.lastId(), "tail_missing");
        }
        return new AuditVerification(true, c.checked(), null, null);
    }
}
