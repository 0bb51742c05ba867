package com.leadignite.integrations.features;

import com.leadignite.crm.assistants.Assistant;
import com.leadignite.crm.common.JsonBodies;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
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

    public FeatureController(DialService dial, PublishService publish, GhlImportService ghlImport, JsonBodies bodies) {
        this.dial = dial;
        this.publish = publish;
        this.ghlImport = ghlImport;
        this.bodies = bodies;
    }

    @PostMapping("/api/v1/leads/{id}/dial")
    public ResponseEntity<DialService.Dialed> dial(@PathVariable UUID id, @RequestBody JsonNode body) {
        AuthenticatedUser caller = CurrentUser.get();
        dial.requireDialer(caller, id); // a 403 before the body is judged
        DialRequest in = bodies.create(body, DialRequest.class, Set.of());
        DialService.Dialed d = dial.dial(caller, id, in.assistantId());
        return ResponseEntity.created(URI.create("/api/v1/calls/" + d.id())).body(d);
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
