package com.leadignite.integrations.features;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.assistants.Assistant;
import com.leadignite.crm.assistants.AssistantService;
import com.leadignite.db.Database;
import com.leadignite.crm.leads.Lead;
import com.leadignite.crm.leads.LeadService;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.IntegrationService;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.providers.VapiApi;
import com.leadignite.integrations.vault.Credential;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/leads/{id}/dial}: an outbound AI call through Vapi with the org's key, recorded as a
 * queued call carrying Vapi's call id; the {@code call.ended} webhook of that id completes it.
 * Admins dial any lead of the org; an agent only leads assigned to them.
 */
@Service
public class DialService {

    private static final Logger log = LoggerFactory.getLogger(DialService.class);

    /** The queued call as answered to the caller. */
    public record Dialed(UUID id, UUID leadId, UUID assistantId, String direction, String status, String providerCallId,
                         Instant startedAt) {
    }

    private final LeadService leads;
    private final AssistantService assistants;
    private final Authorization authorization;
    private final IntegrationService integrations;
    private final VapiApi vapi;
    private final FeatureRepository repo;
    private final Database db;
    private final AuditWriter audit;
    private final Clock clock;

    public DialService(LeadService leads, AssistantService assistants, Authorization authorization, IntegrationService integrations,
                       VapiApi vapi, FeatureRepository repo, Database db, AuditWriter audit, Clock clock) {
        this.leads = leads;
        this.assistants = assistants;
        this.authorization = authorization;
        this.integrations = integrations;
        this.vapi = vapi;
        this.repo = repo;
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** Role first (users never dial), then visibility (404), then assignment (403). */
    public void requireDialer(AuthenticatedUser caller, UUID leadId) {
        authorization.require(caller, Permission.CALL_DIAL);
    }

    public Dialed dial(AuthenticatedUser caller, UUID leadId, UUID assistantId) {
        requireDialer(caller, leadId);
        Lead lead = leads.findVisible(caller, leadId).orElseThrow(() -> authorization.notFound(caller, "lead", leadId));
        if (caller.role() == AuthenticatedUser.Role.agent && !caller.id().equals(lead.assignedAgentId())) {
            throw authorization.forbidden(caller, "lead", leadId, Map.of("attempted", "dial", "reason", "not_assigned"));
        }
        Assistant assistant = assistants.get(caller, assistantId);
        if (!"vapi".equals(assistant.provider())) {
            throw ApiException.conflict("Only Vapi assistants place calls.");
        }
        if (assistant.externalId() == null || !ProviderBaseUrls.ID.matcher(assistant.externalId()).matches()) {
            throw ApiException.conflict("Publish the assistant first (POST /api/v1/assistants/{id}/publish).");
        }
        if (lead.phone() == null) {
            throw ApiException.conflict("The lead has no phone number.");
        }
        String providerCallId = integrations.use(caller.orgId(), caller.id(), IntegrationProvider.vapi,
                c -> vapi.createCall(caller.orgId(), caller.id(), ((Credential.ApiKey) c).key(), assistant.externalId(),
                        lead.phone(), null));
        Instant now = clock.instant();
        try {
            UUID callId = db.as(caller.claims()).write(() -> {
                UUID id = repo.insertQueuedCall(caller.orgId(), leadId, assistantId, caller.id(), providerCallId, now);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("lead_id", leadId.toString());
                details.put("assistant_id", assistantId.toString());
                details.put("status", "queued");
                details.put("external_id", providerCallId);
                details.put("provider", "vapi");
                audit.record(AuditEvent.success(caller.orgId(), caller.id(), "create", "call", id, details));
                return id;
            });
            return new Dialed(callId, leadId, assistantId, "outbound", "queued", providerCallId, now);
        } catch (RuntimeException e) {
            // The call is under way at the provider; its call.ended report will still record it.
            log.warn("Vapi call {} was placed but could not be recorded: {}", providerCallId, e.getClass().getSimpleName());
            throw ApiException.of(HttpStatus.INTERNAL_SERVER_ERROR);
        }
    }
}
