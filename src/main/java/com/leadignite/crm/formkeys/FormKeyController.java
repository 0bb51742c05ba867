package com.leadignite.crm.formkeys;

import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
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

    public FormKeyController(FormKeyService service) {
        this.service = service;
    }

    @PostMapping
    public ResponseEntity<FormKeyResource> create(@RequestBody CreateFormKeyRequest body) {
        FormKeyResource created = service.create(CurrentUser.get(), body);
        return ResponseEntity.created(URI.create("/api/v1/form-keys/" + created.id())).body(created);
    }

    @GetMapping
    public PageResponse<FormKeyResource> list(@RequestParam(required = false) Integer page,
                                              @RequestParam(required = false) Integer size) {
        return service.list(CurrentUser.get(), page, size);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(CurrentUser.get(), id);
        return ResponseEntity.noContent().build();
    }
}
