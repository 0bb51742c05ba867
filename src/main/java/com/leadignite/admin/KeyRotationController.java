package com.leadignite.admin;

import com.leadignite.security.CurrentUser;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/admin/keys/rotate} (API.md §6): admins of the operator org only, with step-up
 * (decided by {@link KeyRotationService#rotate}).
 */
@RestController
public class KeyRotationController {

    private final KeyRotationService service;

    public KeyRotationController(KeyRotationService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/admin/keys/rotate")
    public Object rotate(@RequestBody JsonNode body) {
        return service.rotate(CurrentUser.get(), body);
    }
}
