package com.leadignite.alerts;

import com.leadignite.admin.AdminProperties;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageQuery;
import com.leadignite.web.PageResponse;
import org.springframework.stereotype.Service;

/**
 * Alerts for an org's admin: the org's own, read under the admin's claims (row-level security shows no
 * other org's rows whatever the query says). The operator org's admins also see the deployment-wide
 * alerts (per client address, 5xx bursts), read under the alert engine's claims. Admins only
 * ({@link Permission#ALERT_READ}), decided before the query's transaction (it runs under other claims
 * for the operator org).
 */
@Service
class AlertService {

    private final AlertRepository repo;
    private final AdminProperties admin;
    private final Database db;
    private final Authorization authorization;

    AlertService(AlertRepository repo, AdminProperties admin, Database db, Authorization authorization) {
        this.repo = repo;
        this.admin = admin;
        this.db = db;
        this.authorization = authorization;
    }

    PageResponse<Alert> list(AuthenticatedUser caller, String state, Integer page, Integer size) {
        authorization.require(caller, Permission.ALERT_READ);
        if (state != null && !state.equals("open") && !state.equals("resolved")) {
            throw FieldErrorException.of("state", "must be open or resolved");
        }
        PageQuery paging = PageQuery.of(page, size);
        boolean operator = admin.operatorOrgId() != null && admin.operatorOrgId().equals(caller.orgId());
        if (operator) {
            return db.as(DbClaims.ALERTS).read(() -> query(caller, true, state, paging));
        }
        return db.as(caller.claims()).read(() -> query(caller, false, state, paging));
    }

    private PageResponse<Alert> query(AuthenticatedUser caller, boolean deployment, String state, PageQuery paging) {
        return (new PageResponse<>(
                repo.list(caller.orgId(), deployment, state, paging.size(), paging.offset()),
                paging.page(), paging.size(), repo.count(caller.orgId(), deployment, state)));
    }
}
