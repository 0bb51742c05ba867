package com.leadignite.admin;

import com.leadignite.web.FieldErrorException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/v1/admin/keys/rotate}: exactly {@code {"kind":"jwt"|"encryption"}}. */
record KeyRotationRequest(Kind kind) {

    enum Kind {
        jwt, encryption
    }

    private static final Map<String, Kind> KINDS = Map.of("jwt", Kind.jwt, "encryption", Kind.encryption);

    /** Strict reading: an object with a string {@code kind} of a known value and no other field, else a 400 naming the field. */
    static KeyRotationRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw FieldErrorException.of("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("kind")) {
                throw FieldErrorException.of(name, "unknown field");
            }
        }
        JsonNode kind = body.get("kind");
        if (kind == null || !kind.isString() || !KINDS.containsKey(kind.asString())) {
            throw FieldErrorException.of("kind", "must be one of jwt, encryption");
        }
        return new KeyRotationRequest(KINDS.get(kind.asString()));
    }
}
