package com.leadignite.audit;

import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log of the caller's org (API.md §6): admins only. */
@RestController
@RequestMapping("/api/v1/audit-events")
public class AuditController {

    private final AuditReadService service;
    private final AuditExport export;

    public AuditController(AuditReadService service, AuditExport export) {
        this.service = service;
        this.export = export;
    }

    @GetMapping
    public PageResponse<AuditEventResource> list(@RequestParam(name = "actor_id", required = false) String actorId,
                                                 @RequestParam(required = false) String action,
                                                 @RequestParam(name = "entity_type", required = false) String entityType,
                                                 @RequestParam(name = "entity_id", required = false) String entityId,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer size) {
        return service.list(CurrentUser.get(), new AuditQuery.Params(actorId, action, entityType, entityId, from, to),
                page, size);
    }

    @GetMapping("/verify")
    public AuditVerification verify() {
        return service.verify(CurrentUser.get());
    }

    /**
     * The org's audit chain as NDJSON (API.md §6), for verification outside the service
     * ({@code tools/VerifyAuditExport.java}). Admin with a recent password sign-in (step-up).
     */
    @GetMapping("/export")
    public void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       HttpServletResponse response) throws IOException {
        AuditExport.Range range = export.prepare(CurrentUser.get(), from, to);
        response.setStatus(200);
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-" + range.admin().orgId() + ".ndjson\"");
        export.write(range, response.getOutputStream());
    }
}
