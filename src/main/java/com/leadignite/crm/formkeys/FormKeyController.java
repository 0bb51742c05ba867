package com.leadignite.crm.formkeys;

import com.leadignite.web.PageQuery;
import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public form keys of the caller's org (API.md §3): admins only. */
@RestController
@RequestMapping("/api/v1/form-keys")
public class FormKeyController {

    private final FormKeyService service;
    private final AccessDenials access;

    public FormKeyController(FormKeyService service, AccessDenials access) {
        this.service = service;
        this.access = access;
    }

    @PostMapping
    public ResponseEntity<FormKeyResource> create(@RequestBody CreateFormKeyRequest body) {
        AuthenticatedUser admin = access.requireAdmin(FormKeyService.ENTITY, null);
        FormKeyResource created = service.create(admin, body);
        return ResponseEntity.created(URI.create("/api/v1/form-keys/" + created.id())).body(created);
    }

    @GetMapping
    public PageResponse<FormKeyResource> list(@RequestParam(required = false) Integer page,
                                              @RequestParam(required = false) Integer size) {
        AuthenticatedUser admin = access.requireAdmin(FormKeyService.ENTITY, null);
        return service.list(admin, PageQuery.of(page, size));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdmin(FormKeyService.ENTITY, null);
        service.delete(admin, access.parseId(id, FormKeyService.ENTITY));
        return ResponseEntity.noContent().build();
    }
}
