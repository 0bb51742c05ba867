package com.leadignite.config.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * One readable line per event, for a person at a terminal (profile {@code dev}, via
 * {@code logging.structured.format.console}): time, level, thread, logger, message, then key/values and
 * MDC entries, then the stack trace. Hooked in as a structured format so that every part passes through
 * {@link LogMasking} exactly as the JSON output does.
 */
public class MaskedTextLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(40);

    @Override
    public String format(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ')
                .append(String.format("%5s", event.getLevel())).append(" [")
                .append(LogMasking.mask(event.getThreadName())).append("] ")
                .append(abbreviator.abbreviate(event.getLoggerName())).append(" : ")
                .append(LogMasking.mask(event.getFormattedMessage()));
        Map<String, Object> context = new TreeMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                context.put(kv.key, kv.value);
            }
        }
        if (event.getMDCPropertyMap() != null) {
            context.putAll(event.getMDCPropertyMap());
        }
        if (!context.isEmpty()) {
            line.append(" {");
            String sep = "";
            for (Map.Entry<String, Object> e : context.entrySet()) {
                String value = LogMasking.secretName(e.getKey()) ? LogMasking.MASK : LogMasking.mask(String.valueOf(e.getValue()));
                line.append(sep).append(LogMasking.mask(e.getKey())).append('=').append(value);
                sep = ", ";
            }
            line.append('}');
        }
        line.append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(LogMasking.mask(ThrowableProxyUtil.asString(thrown))).append('\n');
        }
        return line.toString();
    }
}
