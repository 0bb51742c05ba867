package com.leadignite.config.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Hooked into Boot's structured (ECS) console logging by {@code logging.structured.json.customizer}: every
 * string value of every log event passes through {@link LogMasking}, and a member whose name says it
 * holds a secret (an MDC entry or key/value called {@code password}, {@code refresh_token}...) is replaced
 * outright. Works on the formatted output, so it also covers third-party loggers and stack traces.
 */
public class MaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        // One processor for both rules: Boot resolves each processor's generic type for every value it
        // writes, and the access log writes a dozen values per request.
        members.applyingValueProcessor(new JsonWriter.ValueProcessor<Object>() {
            @Override
            public Object processValue(JsonWriter.MemberPath path, Object value) {
                if (value == null) {
                    return null;
                }
                if (path != null && LogMasking.secretName(path.name())) {
                    return LogMasking.MASK;
                }
                return value instanceof CharSequence s ? LogMasking.mask(s.toString()) : value;
            }
        });
    }
}
