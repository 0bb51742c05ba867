package com.leadignite.webhooks;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads provider payloads leniently: providers add fields over time and those must be kept, not
 * rejected, unlike the strict mapper of our own API. Deliberately not a Spring bean, so it never
 * replaces the application's mapper.
 */
public final class WebhookJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WebhookJson() {
    }

    public static JsonNode read(byte[] body) {
        return MAPPER.readTree(body);
    }
}
