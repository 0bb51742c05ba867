package com.leadignite.crm.leads;

import com.leadignite.crm.common.JsonBodies;
import com.leadignite.web.PageQuery;
import com.leadignite.crm.common.PlainText;
import com.leadignite.web.SortSpec;
import com.leadignite.idempotency.IdempotencyKey;
import com.leadignite.idempotency.IdempotentRequests;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.PageResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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

/** {@code /api/v1/leads} (API.md §3). Thin: parsing here, rules in {@link LeadService}. */
@RestController
@RequestMapping("/api/v1/leads")
public class LeadController {

    /** Fields only the server sets; sending one is a 400 naming it. */
    public static final Set<String> SERVER_SET = Set.of("id", "org_id", "owner_id", "assigned_agent_id", "created_at", "updated_at");
    static final Set<String> NOT_NULLABLE = Set.of("first_name", "status");

    private final LeadService service;
    private final JsonBodies bodies;
    private final IdempotentRequests idempotent;

    public LeadController(LeadService service, JsonBodies bodies, IdempotentRequests idempotent) {
        this.service = service;
        this.bodies = bodies;
        this.idempotent = idempotent;
    }

    /** The body of {@code POST /leads/{id}/assign}. */
    public record AssignInput(UUID agentId) {
    }

    @GetMapping
    public PageResponse<Lead> list(
            @RequestParam(required = false) @Pattern(regexp = "new|contacted|qualified|unqualified|converted") String status,
            @RequestParam(required = false) @Size(max = 200) @PlainText String q,
            @RequestParam(name = "assigned_to", required = false) UUID assignedTo,
            @RequestParam(required = false) @Min(0) @Max(10_000_000) Integer page,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_SIZE) Integer size,
            @RequestParam(required = false) @Size(max = 64) String sort) {
        var query = new LeadService.ListQuery(status, q, assignedTo, PageQuery.of(page, size),
                SortSpec.parse(sort, LeadService.SORTABLE, "created_at", SortSpec.Direction.desc));
        return service.list(CurrentUser.get(), query);
    }

    @PostMapping
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = IdempotencyKey.MAX_LENGTH),
            description = "Retries with the same key and body within 24 h get the first response again")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Lead.class)))
    public ResponseEntity<?> create(@RequestBody JsonNode body, HttpServletRequest request) {
        return idempotent.execute(request, body, () -> service.requireCreator(CurrentUser.get()), () -> {
            Lead created = service.create(CurrentUser.get(), bodies.create(body, LeadInput.class, SERVER_SET));
            return ResponseEntity.created(URI.create("/api/v1/leads/" + created.id())).body(created);
        });
    }

    @GetMapping("/{id}")
    public Lead get(@PathVariable UUID id) {
        return service.get(CurrentUser.get(), id);
    }

    @PatchMapping("/{id}")
    public Lead update(@PathVariable UUID id, @RequestBody JsonNode body) {
        return service.update(CurrentUser.get(), id, bodies.patch(body, LeadInput.class, SERVER_SET, NOT_NULLABLE));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(CurrentUser.get(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/assign")
    public Lead assign(@PathVariable UUID id, @RequestBody JsonNode body) {
        service.requireAssigner(CurrentUser.get(), id);
        var p = bodies.patch(body, AssignInput.class, Set.of(), Set.of());
        if (!p.has("agent_id")) {
            throw FieldErrorException.of("agent_id", "is required (null removes the assignment)");
        }
        return service.assign(CurrentUser.get(), id, p.value().agentId());
    }
}
