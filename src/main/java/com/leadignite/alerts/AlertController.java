package com.leadignite.alerts;

import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageQuery;
import com.leadignite.web.PageResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/admin/alerts?state=open|resolved} (API.md §6): admins, their own org's alerts. */
@RestController
public class AlertController {

    private final AlertService service;
    private final AccessDenials access;

    public AlertController(AlertService service, AccessDenials access) {
        this.service = service;
        this.access = access;
    }

    @GetMapping("/api/v1/admin/alerts")
    public PageResponse<Alert> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        AuthenticatedUser admin = access.requireAdmin("org", null);
        if (state != null && !state.equals("open") && !state.equals("resolved")) {
            throw FieldErrorException.of("state", "must be open or resolved");
        }
        return service.list(admin, state, PageQuery.of(page, size));
    }
}
