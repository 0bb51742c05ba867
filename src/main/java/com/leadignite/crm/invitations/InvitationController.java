package com.leadignite.crm.invitations;

import com.leadignite.web.PageQuery;
import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import com.leadignite.web.ApiException;
import java.net.URI;
import java.util.UUID;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Invitations of the caller's org (API.md §2, §3): admins only; creating and revoking need step-up. */
@RestController
@RequestMapping("/api/v1/invitations")
public class InvitationController {

    private final InvitationService service;
    private final AccessDenials access;

    public InvitationController(InvitationService service, AccessDenials access) {
        this.service = service;
        this.access = access;
    }

    @PostMapping
    public ResponseEntity<InvitationCreated> create(@RequestBody CreateInvitationRequest body) {
        AuthenticatedUser admin = access.requireAdminWithStepUp(InvitationService.ENTITY, null);
        InvitationCreated created = service.create(admin, body);
        return ResponseEntity.created(URI.create("/api/v1/invitations/" + created.id()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping("/{id}")
    public InvitationResource get(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdmin(InvitationService.ENTITY, null);
        UUID uuid = access.parseId(id, InvitationService.ENTITY);
        return service.find(admin, uuid).orElseThrow(() -> access.notFound(admin, InvitationService.ENTITY, uuid));
    }

    /** Revokes a pending invitation (API.md §2): 204; unknown or another org's id → 404; a used one → 409. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdminWithStepUp(InvitationService.ENTITY, null);
        UUID uuid = access.parseId(id, InvitationService.ENTITY);
        return switch (service.revoke(admin, uuid)) {
            case REVOKED -> ResponseEntity.noContent().build();
            case NOT_FOUND -> throw access.notFound(admin, InvitationService.ENTITY, uuid);
            case ALREADY_USED -> throw ApiException.conflict("The invitation was already used; lock the account or change its role instead.");
        };
    }

    @GetMapping
    public PageResponse<InvitationResource> list(@RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer size) {
        AuthenticatedUser admin = access.requireAdmin(InvitationService.ENTITY, null);
        return service.list(admin, PageQuery.of(page, size));
    }
}
