package com.leadignite.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SHA-256 over method, path and the canonical form of the JSON body (object members sorted by name at
 * every level, no insignificant whitespace), so a retry that serializes the same data differently is
 * still the same request, while any change of a value, the path or the method is another request.
 */
final class RequestFingerprint {

    // Not the application's mapper on purpose: the fingerprint hashes a canonical form (members sorted,
    // no whitespace) that must not change when the API's JSON settings do, or stored keys would stop matching.
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private RequestFingerprint() {
    }

    static byte[] of(String method, String path, JsonNode body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(method.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(canonical(body).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String canonical(JsonNode body) {
        return body == null ? "" : PLAIN.writeValueAsString(sorted(body));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            node.properties().forEach(members::add);
            members.sort(Map.Entry.comparingByKey());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            members.forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return node;
    }
}
