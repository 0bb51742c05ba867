package com.leadignite.integrations.features;

import com.leadignite.crm.assistants.Assistant;
import com.leadignite.crm.common.JsonBodies;
import com.leadignite.idempotency.IdempotencyKey;
import com.leadignite.idempotency.IdempotentRequests;
import com.leadignite.security.CurrentUser;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** What the integrations are for (API.md §4): dialing a lead, publishing an assistant, importing contacts. */
@RestController
public class FeatureController {

    /** {@code POST /api/v1/leads/{id}/dial}. */
    public record DialRequest(@NotNull UUID assistantId) {
    }

    private final DialService dial;
    private final PublishService publish;
    private final GhlImportService ghlImport;
    private final JsonBodies bodies;
    private final IdempotentRequests idempotent;

    public FeatureController(DialService dial, PublishService publish, GhlImportService ghlImport, JsonBodies bodies,
                             IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.dial = dial;
        this.publish = publish;
        this.ghlImport = ghlImport;
        this.bodies = bodies;
    }

    /**
     * With an {@code Idempotency-Key}, a retried dial (same key and body) gets the first answer again and
     * places no second call at the provider; the same key with another body is a 422.
     */
    @PostMapping("/api/v1/leads/{id}/dial")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = IdempotencyKey.MAX_LENGTH),
            description = "Retries with the same key and body within 24 h get the first response again, without a second call")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = DialService.Dialed.class)))
    public ResponseEntity<?> dial(@PathVariable UUID id, @RequestBody JsonNode body, HttpServletRequest request) {
        dial.requireDialer(CurrentUser.get()); // a 403 before the body is judged
        return idempotent.execute(request, body, () -> dial.requireDialable(CurrentUser.get(), id), () -> {
            DialRequest in = bodies.create(body, DialRequest.class, Set.of());
            DialService.Dialed d = dial.dial(CurrentUser.get(), id, in.assistantId());
            return ResponseEntity.created(URI.create("/api/v1/calls/" + d.id())).body(d);
        });
    }

    @PostMapping("/api/v1/assistants/{id}/publish")
    public Assistant publish(@PathVariable UUID id) {
        return publish.publish(CurrentUser.get(), id);
    }

    @PostMapping("/api/v1/integrations/ghl/import")
    public GhlImportService.Result importContacts() {
        return ghlImport.run(CurrentUser.get());
    }
}
