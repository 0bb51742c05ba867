package com.leadignite.webhooks;

import com.leadignite.security.resources.Bulkhead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads provider payloads with the application's {@link JsonMapper}, so the nesting, string, number and
 * token limits of {@code leadignite.resource-limits.json-max-*} apply to webhooks exactly as to the API.
 * A tree of a 1 MB body can still cost tens of megabytes, so at most {@code parse-concurrency} bodies
 * are parsed at once; a delivery that cannot get a slot within {@code parse-wait} is refused (503, the
 * sender retries) instead of piling up on the heap. Unknown fields are simply kept in the tree.
 */
@Component
public class WebhookJson {

    /** The parsing slots are all taken. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("webhook parsing busy", null, false, false);
        }
    }

    private final JsonMapper mapper;
    private final Bulkhead parsing;

    public WebhookJson(JsonMapper mapper, WebhookProperties props, MeterRegistry meters) {
        this.mapper = mapper;
        this.parsing = new Bulkhead(props.parseConcurrency(), props.parseWait(),
                Counter.builder("leadignite.webhooks.parse_busy")
                        .description("Webhook deliveries refused because every parsing slot was taken").register(meters),
                BusyException::new);
    }

    /** Parses a received body inside the parsing bulkhead; a limit or syntax error is a JacksonException. */
    public JsonNode readBounded(byte[] body) {
        return bounded(() -> mapper.readTree(body));
    }

    /** Runs {@code work} in a parsing slot, or throws {@link BusyException} when none frees up in time. */
    <T> T bounded(Supplier<T> work) {
        return parsing.run(work);
    }

    /** A stored payload (already accepted under the same limits; one worker thread reads them). */
    public JsonNode read(String stored) {
        return mapper.readTree(stored);
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /**
     * Why PostgreSQL's {@code jsonb} could not hold this tree (a NUL character, a lone surrogate, a
     * number beyond double range), or empty when it can. Walks iteratively: depth is bounded anyway.
     */
    public static Optional<String> unstorable(JsonNode root) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isString()) {
                Optional<String> bad = badText(n.asString());
                if (bad.isPresent()) {
                    return bad;
                }
            } else if (n.isFloatingPointNumber() && !Double.isFinite(n.asDouble())) {
                return Optional.of("number_out_of_range");
            } else if (n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Optional<String> bad = badText(e.getKey());
                    if (bad.isPresent()) {
                        return bad;
                    }
                    todo.push(e.getValue());
                }
            } else if (n.isArray()) {
                for (JsonNode child : n) {
                    todo.push(child);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> badText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return Optional.of("nul_character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("lone_surrogate");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("lone_surrogate");
            }
        }
        return Optional.empty();
    }

    /**
     * At most {@code max} characters of {@code text} that any JSON store can hold: control characters
     * (NUL among them) and unpaired surrogates become U+FFFD, and a pair is never split.
     */
    public static String excerpt(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (b.length() + 2 > max) {
                    break;
                }
                b.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\n' && c != '\t')) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
