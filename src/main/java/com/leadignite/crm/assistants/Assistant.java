package com.leadignite.crm.assistants;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An assistant as stored and answered. */
public record Assistant(UUID id, UUID orgId, String name, String provider, String voiceId, String systemPrompt,
                        String externalId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    Map<String, Object> writable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("provider", provider);
        m.put("voice_id", voiceId);
        m.put("system_prompt", systemPrompt);
        m.put("external_id", externalId);
        return m;
    }
}
