package com.leadignite.crm.calls;

import com.leadignite.crm.common.JsonBodies;
import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import com.leadignite.idempotency.IdempotencyKey;
import com.leadignite.idempotency.IdempotentRequests;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.PageResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import java.net.URI;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/leads/{id}/calls} and {@code /api/v1/calls/{id}} (API.md §3). */
@RestController
public class CallController {

    /** {@code external_id} is the provider's call id: only webhooks set it. */
    public static final Set<String> SERVER_SET = Set.of("id", "org_id", "lead_id", "created_by", "external_id",
            "created_at", "updated_at");

    private final CallService service;
    private final JsonBodies bodies;
    private final IdempotentRequests idempotent;

    public CallController(CallService service, JsonBodies bodies, IdempotentRequests idempotent) {
        this.service = service;
        this.bodies = bodies;
        this.idempotent = idempotent;
    }

    @GetMapping("/api/v1/leads/{leadId}/calls")
    public PageResponse<Call> list(@PathVariable UUID leadId,
                                   @RequestParam(required = false) @Min(0) @Max(10_000_000) Integer page,
                                   @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_SIZE) Integer size,
                                   @RequestParam(required = false) @Size(max = 64) String sort) {
        return service.listForLead(CurrentUser.get(), leadId, PageQuery.of(page, size),
                SortSpec.parse(sort, CallService.SORTABLE, "started_at", SortSpec.Direction.desc));
    }

    @PostMapping("/api/v1/leads/{leadId}/calls")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = IdempotencyKey.MAX_LENGTH),
            description = "Retries with the same key and body within 24 h get the first response again")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Call.class)))
    public ResponseEntity<?> create(@PathVariable UUID leadId, @RequestBody JsonNode body, HttpServletRequest request) {
        return idempotent.execute(request, body, () -> service.requireCreatable(CurrentUser.get(), leadId), () -> {
            Call created = service.create(CurrentUser.get(), leadId, bodies.create(body, CallInput.class, SERVER_SET));
            return ResponseEntity.created(URI.create("/api/v1/calls/" + created.id())).body(created);
        });
    }

    @GetMapping("/api/v1/calls/{id}")
    public Call get(@PathVariable UUID id) {
        return service.get(CurrentUser.get(), id);
    }
}
