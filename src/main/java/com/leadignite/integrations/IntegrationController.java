package com.leadignite.integrations;

import com.leadignite.crm.common.JsonBodies;
import com.leadignite.integrations.oauth.GhlOAuth;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.ApiException;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/integrations} (API.md §4): admins of the org, with a recent password sign-in (step-up). */
@RestController
@RequestMapping("/api/v1/integrations")
public class IntegrationController {

    /** {@code PUT /{vapi|elevenlabs}} and {@code POST /{provider}/rotate}. */
    public record ApiKeyRequest(String apiKey) {
        @Override
        public String toString() {
            return "ApiKeyRequest[******]";
        }
    }

    public record IntegrationList(List<IntegrationService.Status> items) {
    }

    public record AuthorizationUrl(String authorizationUrl) {
    }

    private final IntegrationService service;
    private final GhlOAuth oauth;
    private final JsonBodies bodies;

    public IntegrationController(IntegrationService service, GhlOAuth oauth, JsonBodies bodies) {
        this.bodies = bodies;
        this.service = service;
        this.oauth = oauth;
    }

    @GetMapping
    public IntegrationList list() {
        return new IntegrationList(service.list(CurrentUser.get()));
    }

    @PostMapping("/ghl/connect")
    public AuthorizationUrl connect() {
        return new AuthorizationUrl(oauth.connect(CurrentUser.get()));
    }

    @GetMapping("/ghl/callback")
    public IntegrationService.Status callback(@RequestParam(required = false) String code,
                                              @RequestParam(required = false) String state,
                                              @RequestParam(required = false) String error) {
        return oauth.callback(CurrentUser.get(), code, state, error);
    }

    @PutMapping("/{provider}")
    public IntegrationService.Status putKey(@PathVariable String provider, @RequestBody JsonNode body) {
        IntegrationProvider p = provider(provider);
        // The service decides; asked first, so that a refused caller's body is never judged.
        AuthenticatedUser admin = service.requireAdmin(CurrentUser.get(), "connect", p);
        return service.putKey(admin, p, p.usesApiKey() ? bodies.create(body, ApiKeyRequest.class, Set.of()).apiKey() : null);
    }

    @PostMapping("/{provider}/rotate")
    public IntegrationService.Status rotate(@PathVariable String provider,
                                            @RequestBody(required = false) JsonNode body) {
        IntegrationProvider p = provider(provider);
        AuthenticatedUser admin = service.requireAdmin(CurrentUser.get(), "rotate", p);
        String apiKey = body == null || body.isMissingNode() ? null : bodies.create(body, ApiKeyRequest.class, Set.of()).apiKey();
        return service.rotate(admin, p, apiKey);
    }

    @DeleteMapping("/{provider}")
    public ResponseEntity<Void> delete(@PathVariable String provider) {
        IntegrationProvider p = provider(provider);
        service.delete(CurrentUser.get(), p);
        return ResponseEntity.noContent().build();
    }

    private static IntegrationProvider provider(String text) {
        return IntegrationProvider.parse(text).orElseThrow(ApiException::notFound);
    }
}
