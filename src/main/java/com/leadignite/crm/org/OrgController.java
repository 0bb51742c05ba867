package com.leadignite.crm.org;

import com.leadignite.crm.common.JsonBodies;
import com.leadignite.security.CurrentUser;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/org} (any member) and {@code PATCH /api/v1/org} (admin, step-up). */
@RestController
@RequestMapping("/api/v1/org")
public class OrgController {

    static final Set<String> SERVER_SET = Set.of("id", "created_at", "updated_at");
    static final Set<String> NOT_NULLABLE = Set.of("name", "require_mfa");

    private final OrgService service;
    private final JsonBodies bodies;
    public OrgController(OrgService service, JsonBodies bodies) {
        this.service = service;
        this.bodies = bodies;
    }

    @GetMapping
    public Org get() {
        return service.get(CurrentUser.get());
    }

    @PatchMapping
    public Org update(@RequestBody JsonNode body) {
        return service.update(CurrentUser.get(), () -> bodies.patch(body, OrgInput.class, SERVER_SET, NOT_NULLABLE));
    }
}
