package com.leadignite.webhooks.receive;

import tools.jackson.databind.JsonNode;

/**
 * The event type a payload declares, as sent: {@code type} at the top (Standard Webhooks, ElevenLabs,
 * GoHighLevel), else {@code message.type} (Vapi), else {@code event}/{@code event_type}.
 */
final class EventTypes {

    private static final int MAX = 100;

    private EventTypes() {
    }

    static String of(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        String t = text(payload.get("type"));
        if (t == null && payload.get("message") != null) {
            t = text(payload.get("message").get("type"));
        }
        if (t == null) {
            t = text(payload.get("event"));
        }
        if (t == null) {
            t = text(payload.get("event_type"));
        }
        return t == null ? null : t.length() > MAX ? t.substring(0, MAX) : t;
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() && !n.asString().isBlank() ? n.asString() : null;
    }
}
