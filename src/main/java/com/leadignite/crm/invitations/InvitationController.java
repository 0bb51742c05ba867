package com.leadignite.crm.invitations;

import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import java.net.URI;
import java.util.UUID;
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

    public InvitationController(InvitationService service) {
        this.service = service;
    }

    @PostMapping
    public ResponseEntity<InvitationCreated> create(@RequestBody CreateInvitationRequest body) {
        InvitationCreated created = service.create(CurrentUser.get(), body);
        return ResponseEntity.created(URI.create("/api/v1/invitations/" + created.id()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping("/{id}")
    public InvitationResource get(@PathVariable UUID id) {
        return service.get(CurrentUser.get(), id);
    }

    /** Revokes a pending invitation (API.md §2): 204; unknown or another org's id → 404; a used one → 409. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        service.revoke(CurrentUser.get(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    public PageResponse<InvitationResource> list(@RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer size) {
        return service.list(CurrentUser.get(), page, size);
    }
}
