package com.leadignite.crm.users;

import com.leadignite.security.CurrentUser;
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

/** Users of the caller's org (API.md §3): admins only; changes need step-up (decided by {@link UserService}). */
@RestController
@RequestMapping("/api/v1/users")
public class UserController {

    private final UserService service;

    public UserController(UserService service) {
        this.service = service;
    }

    @GetMapping
    public PageResponse<UserResource> list(@RequestParam(required = false) Integer page,
                                           @RequestParam(required = false) Integer size,
                                           @RequestParam(required = false) String sort) {
        return service.list(CurrentUser.get(), page, size, sort);
    }

    @GetMapping("/{id}")
    public UserResource get(@PathVariable UUID id) {
        return service.get(CurrentUser.get(), id);
    }

    @PatchMapping("/{id}/role")
    public UserResource changeRole(@PathVariable UUID id, @RequestBody RoleChangeRequest body) {
        return service.changeRole(CurrentUser.get(), id, body.role());
    }

    @PostMapping("/{id}/lock")
    public UserResource lock(@PathVariable UUID id) {
        return service.lock(CurrentUser.get(), id);
    }

    @PostMapping("/{id}/unlock")
    public UserResource unlock(@PathVariable UUID id) {
        return service.unlock(CurrentUser.get(), id);
    }
}
