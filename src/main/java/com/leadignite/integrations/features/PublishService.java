package com.leadignite.integrations.features;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.assistants.Assistant;
import com.leadignite.crm.assistants.AssistantService;
import com.leadignite.db.Database;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.IntegrationService;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.outbound.ProviderFailure;
import com.leadignite.integrations.providers.ElevenLabsApi;
import com.leadignite.integrations.providers.VapiApi;
import com.leadignite.integrations.vault.Credential;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/assistants/{id}/publish} (admin): creates the assistant at its provider, or updates
 * it there when it already has a provider id, and stores the provider's id as {@code external_id}. An
 * {@code external_id} the provider no longer knows (404) is published anew.
 */
@Service
public class PublishService {

    private static final String ENTITY = "assistant";

    private final AssistantService assistants;
    private final Authorization authorization;
    private final IntegrationService integrations;
    private final VapiApi vapi;
    private final ElevenLabsApi elevenLabs;
    private final FeatureRepository repo;
    private final Database db;
    private final AuditWriter audit;

    public PublishService(AssistantService assistants, Authorization authorization, IntegrationService integrations, VapiApi vapi,
                          ElevenLabsApi elevenLabs, FeatureRepository repo, Database db, AuditWriter audit) {
        this.assistants = assistants;
        this.authorization = authorization;
        this.integrations = integrations;
        this.vapi = vapi;
        this.elevenLabs = elevenLabs;
        this.repo = repo;
        this.db = db;
        this.audit = audit;
    }

    public Assistant publish(AuthenticatedUser caller, UUID id) {
        authorization.require(caller, Permission.ASSISTANT_WRITE, id);
        Assistant a = assistants.get(caller, id);
        IntegrationProvider provider = IntegrationProvider.parse(a.provider()).orElseThrow();
        String known = a.externalId();
        if (known != null && !ProviderBaseUrls.ID.matcher(known).matches()) {
            // Set by hand to something no provider issues: never put it into a provider URL.
            throw ApiException.conflict("The assistant's external_id is not a provider id; clear it to publish anew.");
        }
        String externalId = integrations.use(caller.orgId(), caller.id(), provider, c -> {
            String key = ((Credential.ApiKey) c).key();
            try {
                return upsert(caller, provider, key, known, a);
            } catch (ProviderFailure.Refused e) {
                if (known != null && e.providerStatus() == 404) {
                    return upsert(caller, provider, key, null, a);
                }
                throw e;
            }
        });
        db.as(caller.claims()).write(() -> {
            if (!repo.setAssistantExternalId(caller.orgId(), id, externalId)) {
                throw ApiException.notFound();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", provider.name());
            details.put("published", known == null || !Objects.equals(known, externalId) ? "created" : "updated");
            details.put("external_id", Map.of("before", String.valueOf(known), "after", externalId));
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "update", ENTITY, id, details));
            return null;
        });
        return assistants.get(caller, id);
    }

    private String upsert(AuthenticatedUser caller, IntegrationProvider provider, String key, String externalId, Assistant a) {
        return provider == IntegrationProvider.vapi
                ? vapi.upsertAssistant(caller.orgId(), caller.id(), key, externalId, a.name(), a.voiceId(), a.systemPrompt())
                : elevenLabs.upsertAgent(caller.orgId(), caller.id(), key, externalId, a.name(), a.voiceId(), a.systemPrompt());
    }
}
