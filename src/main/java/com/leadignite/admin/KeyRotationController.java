package com.leadignite.admin;

import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/admin/keys/rotate} (API.md §6): admins of the operator org only, with step-up.
 * Authorization is decided before the body is read, so a caller without the right learns nothing about it.
 */
@RestController
public class KeyRotationController {

    private final KeyRotationService service;
    private final AccessDenials denials;
    private final AdminProperties props;

    public KeyRotationController(KeyRotationService service, AccessDenials denials, AdminProperties props) {
        this.service = service;
        this.denials = denials;
        this.props = props;
    }

    @PostMapping("/api/v1/admin/keys/rotate")
    public Object rotate(@RequestBody JsonNode body) {
        AuthenticatedUser caller = CurrentUser.get();
        if (props.operatorOrgId() == null || !props.operatorOrgId().equals(caller.orgId())) {
            throw denials.forbidden(caller, KeyRotationService.ENTITY, null, "not_operator_org");
        }
        AuthenticatedUser admin = denials.requireAdminWithStepUp(KeyRotationService.ENTITY, null);
        return switch (KeyRotationRequest.parse(body).kind()) {
            case jwt -> service.rotateJwt(admin);
            case encryption -> service.rotateEncryption(admin);
        };
    }
}
