package com.leadignite.integrations.providers;

import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.outbound.Answers;
import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.integrations.outbound.OutboundRequest;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.outbound.ProviderBaseUrls.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** ElevenLabs' API ({@code xi-api-key} header); assistants are Conversational AI agents. */
@Component
public class ElevenLabsApi {

    private final OutboundClient client;
    private final ProviderBaseUrls urls;
    private final Answers answers;
    private final JsonMapper json;

    public ElevenLabsApi(OutboundClient client, ProviderBaseUrls urls, Answers answers, JsonMapper json) {
        this.client = client;
        this.urls = urls;
        this.answers = answers;
        this.json = json;
    }

    public void checkKey(UUID org, UUID actor, String key) {
        answers.object(client.send(org, actor, OutboundRequest.get(IntegrationProvider.elevenlabs, "check_key",
                urls.resolve(Target.ELEVENLABS_API, "v1", "user"), auth(key))));
    }

    /** Creates ({@code externalId} null) or updates the agent; its {@code agent_id}. */
    public String upsertAgent(UUID org, UUID actor, String key, String externalId, String name, String voiceId,
                              String systemPrompt) {
        Map<String, Object> agent = new LinkedHashMap<>();
        if (systemPrompt != null) {
            agent.put("prompt", Map.of("prompt", systemPrompt));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("agent", agent);
        if (voiceId != null) {
            config.put("tts", Map.of("voice_id", voiceId));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("conversation_config", config);
        boolean create = externalId == null;
        OutboundClient.Response r = client.send(org, actor, OutboundRequest.json(IntegrationProvider.elevenlabs,
                create ? "create_agent" : "update_agent", create ? "POST" : "PATCH",
                create ? urls.resolve(Target.ELEVENLABS_API, "v1", "convai", "agents", "create")
                        : urls.resolve(Target.ELEVENLABS_API, "v1", "convai", "agents", externalId),
                auth(key), json.writeValueAsBytes(body), !create));
        return create ? Answers.id(answers.object(r), "agent_id") : externalId;
    }

    private static Map<String, String> auth(String key) {
        return Map.of("xi-api-key", key);
    }
}
