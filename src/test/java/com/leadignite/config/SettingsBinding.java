package com.leadignite.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Binds a settings record from {@code name=value} pairs the way start-up does: record defaults, the record's
 * own checks and its validation annotations. For unit tests of one record without an application context.
 */
public final class SettingsBinding {

    private static final LocalValidatorFactoryBean VALIDATOR = new LocalValidatorFactoryBean();

    static {
        VALIDATOR.afterPropertiesSet();
    }

    private SettingsBinding() {
    }

    public static <T> T bind(Class<T> type, String... nameValues) {
        String prefix = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class).prefix();
        Map<String, String> values = new LinkedHashMap<>();
        for (String nv : nameValues) {
            int eq = nv.indexOf('=');
            values.put(nv.substring(0, eq), nv.substring(eq + 1));
        }
        var handler = new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), VALIDATOR);
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, Bindable.of(type), handler);
    }

    /**
     * What start-up would report for these values: every message of the cause chain, and for each failed
     * constraint the full property name ({@code leadignite.x.some-setting}) with its reason.
     */
    public static String failure(Class<?> type, String... nameValues) {
        try {
            bind(type, nameValues);
        } catch (BindException e) {
            StringBuilder out = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                out.append(t.getMessage()).append('\n');
                if (t instanceof BindValidationException v) {
                    String name = v.getValidationErrors().getName().toString();
                    v.getValidationErrors().getAllErrors().forEach(err -> out.append(name)
                            .append(err instanceof FieldError f ? "." + f.getField() : "")
                            .append(": ").append(err.getDefaultMessage()).append('\n'));
                }
            }
            return out.toString();
        }
        throw new AssertionError(type.getSimpleName() + " accepted " + String.join(", ", nameValues));
    }
}
