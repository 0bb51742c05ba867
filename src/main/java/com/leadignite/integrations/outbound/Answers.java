package com.leadignite.integrations.outbound;

import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks provider answers before anything of them is used (OWASP API10): JSON of the expected shape,
 * ids of the form we put into paths, bounded text. Anything else is a {@link ProviderFailure.BadAnswer}
 * (502), never stored and never a 500.
 */
@Component
public class Answers {

    private final JsonMapper json;

    public Answers(JsonMapper json) {
        this.json = json;
    }

    public JsonNode object(OutboundClient.Response response) {
        JsonNode n = parse(response);
        if (!n.isObject()) {
            throw new ProviderFailure.BadAnswer("not_an_object");
        }
        return n;
    }

    public JsonNode parse(OutboundClient.Response response) {
        try {
            JsonNode n = json.readTree(response.body());
            if (n == null || n.isMissingNode()) {
                throw new ProviderFailure.BadAnswer("empty");
            }
            return n;
        } catch (JacksonException e) {
            throw new ProviderFailure.BadAnswer("malformed_json");
        }
    }

    /** A provider id: {@link ProviderBaseUrls#ID}. */
    public static String id(JsonNode n, String field) {
        return optionalId(n, field).orElseThrow(() -> new ProviderFailure.BadAnswer("invalid_" + field));
    }

    public static Optional<String> optionalId(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString() || !ProviderBaseUrls.ID.matcher(v.asString()).matches()) {
            throw new ProviderFailure.BadAnswer("invalid_" + field);
        }
        return Optional.of(v.asString());
    }

    /** A token or similar opaque string: 1..{@code max} printable ASCII characters. */
    public static String token(JsonNode n, String field, int max) {
        JsonNode v = n.path(field);
        if (!v.isString() || v.asString().isEmpty() || v.asString().length() > max || !v.asString().matches("[\\x21-\\x7E]+")) {
            throw new ProviderFailure.BadAnswer("invalid_" + field);
        }
        return v.asString();
    }

    /** A whole number within bounds. */
    public static long number(JsonNode n, String field, long min, long max) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new ProviderFailure.BadAnswer("invalid_" + field);
        }
        return v.asLong();
    }

    /** Optional text, cut to nothing when it is not plain, short text. */
    public static String text(JsonNode n, String field, int max) {
        JsonNode v = n.path(field);
        if (!v.isString()) {
            return null;
        }
        String s = v.asString().strip();
        return s.isEmpty() || s.length() > max || s.chars().anyMatch(c -> c < 0x20 || c == 0x7F) ? null : s;
    }
}
