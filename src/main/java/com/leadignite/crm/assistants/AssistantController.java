package com.leadignite.crm.assistants;

import com.leadignite.crm.common.JsonBodies;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/assistants} (API.md §3). */
@RestController
@RequestMapping("/api/v1/assistants")
public class AssistantController {

    public static final Set<String> SERVER_SET = Set.of("id", "org_id", "created_at", "updated_at");
    static final Set<String> NOT_NULLABLE = Set.of("name", "provider");

    private final AssistantService service;
    private final JsonBodies bodies;

    public AssistantController(AssistantService service, JsonBodies bodies) {
        this.service = service;
        this.bodies = bodies;
    }

    @GetMapping
    public PageResponse<Assistant> list(@RequestParam(required = false) @Min(0) @Max(10_000_000) Integer page,
                                        @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_SIZE) Integer size,
                                        @RequestParam(required = false) @Size(max = 64) String sort) {
        return service.list(CurrentUser.get(), PageQuery.of(page, size),
                SortSpec.parse(sort, AssistantService.SORTABLE, "created_at", SortSpec.Direction.desc));
    }

    @PostMapping
    public ResponseEntity<Assistant> create(@RequestBody JsonNode body) {
        service.requireWriter(CurrentUser.get(), null);
        Assistant created = service.create(CurrentUser.get(), bodies.create(body, AssistantInput.class, SERVER_SET));
        return ResponseEntity.created(URI.create("/api/v1/assistants/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    public Assistant get(@PathVariable UUID id) {
        return service.get(CurrentUser.get(), id);
    }

    @PatchMapping("/{id}")
    public Assistant update(@PathVariable UUID id, @RequestBody JsonNode body) {
        service.requireWriter(CurrentUser.get(), id);
        return service.update(CurrentUser.get(), id,
                bodies.patch(body, AssistantInput.class, SERVER_SET, NOT_NULLABLE));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(CurrentUser.get(), id);
        return ResponseEntity.noContent().build();
    }
}
