package com.leadignite.integrations.providers;

import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.outbound.Answers;
import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.integrations.outbound.OutboundRequest;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.outbound.ProviderBaseUrls.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Vapi's REST API ({@code Authorization: Bearer <private key>}). */
@Component
public class VapiApi {

    private final OutboundClient client;
    private final ProviderBaseUrls urls;
    private final Answers answers;
    private final JsonMapper json;

    public VapiApi(OutboundClient client, ProviderBaseUrls urls, Answers answers, JsonMapper json) {
        this.client = client;
        this.urls = urls;
        this.answers = answers;
        this.json = json;
    }

    /** One cheap authenticated read: whether the key works. */
    public void checkKey(UUID org, UUID actor, String key) {
        OutboundClient.Response r = client.send(org, actor, OutboundRequest.get(IntegrationProvider.vapi, "check_key",
                urls.resolve(Target.VAPI_API, List.of("assistant"), Map.of("limit", "1")), auth(key)));
        if (!answers.parse(r).isArray()) {
            throw new com.leadignite.integrations.outbound.ProviderFailure.BadAnswer("not_an_array");
        }
    }

    /** {@code POST /call}: an outbound phone call by the assistant to {@code phone} (E.164); the provider's call id. */
    public String createCall(UUID org, UUID actor, String key, String assistantId, String phone, String phoneNumberId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistantId", assistantId);
        if (phoneNumberId != null) {
            body.put("phoneNumberId", phoneNumberId);
        }
        body.put("customer", Map.of("number", phone));
        OutboundClient.Response r = client.send(org, actor, OutboundRequest.json(IntegrationProvider.vapi, "create_call",
                "POST", urls.resolve(Target.VAPI_API, "call"), auth(key), json.writeValueAsBytes(body), false));
        return Answers.id(answers.object(r), "id");
    }

    /** Creates ({@code externalId} null) or updates the assistant; its id at Vapi. */
    public String upsertAssistant(UUID org, UUID actor, String key, String externalId, String name, String voiceId,
                                  String systemPrompt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (systemPrompt != null) {
            body.put("model", Map.of("provider", "openai", "model", "gpt-4o",
                    "messages", List.of(Map.of("role", "system", "content", systemPrompt))));
        }
        if (voiceId != null) {
            body.put("voice", Map.of("provider", "11labs", "voiceId", voiceId));
        }
        boolean create = externalId == null;
        OutboundClient.Response r = client.send(org, actor, OutboundRequest.json(IntegrationProvider.vapi,
                create ? "create_assistant" : "update_assistant", create ? "POST" : "PATCH",
                create ? urls.resolve(Target.VAPI_API, "assistant") : urls.resolve(Target.VAPI_API, "assistant", externalId),
                auth(key), json.writeValueAsBytes(body), !create));
        JsonNode n = answers.object(r);
        return Answers.id(n, "id");
    }

    private static Map<String, String> auth(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }
}
