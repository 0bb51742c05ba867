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
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(value -> {
            if (value instanceof CharSequence s) {
                return LogMasking.mask(s.toString());
            }
            return value;
        }));
        members.applyingValueProcessor(new JsonWriter.ValueProcessor<Object>() {
            @Override
            public Object processValue(JsonWriter.MemberPath path, Object value) {
                return value != null && path != null && LogMasking.secretName(path.name()) ? LogMasking.MASK : value;
            }
        });
    }
}
