package com.leadignite.alerts;

import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/admin/alerts?state=open|resolved} (API.md §6): admins, their own org's alerts. */
@RestController
public class AlertController {

    private final AlertService service;

    public AlertController(AlertService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/admin/alerts")
    public PageResponse<Alert> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        return service.list(CurrentUser.get(), state, page, size);
    }
}
