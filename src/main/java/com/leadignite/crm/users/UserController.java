package com.leadignite.crm.users;

import com.leadignite.web.SortSpec;
import com.leadignite.web.PageQuery;
import com.leadignite.security.AccessDenials;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users of the caller's org (API.md §3): admins only; changes need step-up. */
@RestController
@RequestMapping("/api/v1/users")
public class UserController {

    private final UserService service;
    private final AccessDenials access;

    public UserController(UserService service, AccessDenials access) {
        this.service = service;
        this.access = access;
    }

    @GetMapping
    public PageResponse<UserResource> list(@RequestParam(required = false) Integer page,
                                           @RequestParam(required = false) Integer size,
                                           @RequestParam(required = false) String sort) {
        AuthenticatedUser admin = access.requireAdmin(UserService.ENTITY, null);
        return service.list(admin, PageQuery.of(page, size), SortSpec.parse(sort, UserService.SORTABLE, "created_at", SortSpec.Direction.asc));
    }

    @GetMapping("/{id}")
    public UserResource get(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdmin(UserService.ENTITY, null);
        return service.get(admin, access.parseId(id, UserService.ENTITY));
    }

    @PatchMapping("/{id}/role")
    public UserResource changeRole(@PathVariable String id, @RequestBody RoleChangeRequest body) {
        AuthenticatedUser admin = access.requireAdminWithStepUp(UserService.ENTITY, null);
        UUID target = access.parseId(id, UserService.ENTITY);
        if (body.role() == null || !UserService.ROLES.contains(body.role())) {
            throw FieldErrorException.of("role", "must be one of admin, agent, user");
        }
        return service.changeRole(admin, target, body.role());
    }

    @PostMapping("/{id}/lock")
    public UserResource lock(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdminWithStepUp(UserService.ENTITY, null);
        return service.lock(admin, access.parseId(id, UserService.ENTITY));
    }

    @PostMapping("/{id}/unlock")
    public UserResource unlock(@PathVariable String id) {
        AuthenticatedUser admin = access.requireAdminWithStepUp(UserService.ENTITY, null);
        return service.unlock(admin, access.parseId(id, UserService.ENTITY));
    }
}
