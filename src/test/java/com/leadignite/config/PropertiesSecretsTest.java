package com.leadignite.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every settings record prints no secret: each String component whose name looks secret (password, secret,
 * token, credential, a key that is not a file or prefix) and each URL (which may carry {@code user:password@}
 * or a password parameter) is bound to a value holding a canary, and {@code toString} must not show it.
 * New records are picked up by the scan, so a new secret setting cannot be forgotten.
 */
class PropertiesSecretsTest {

    private static final String CANARY = "Canary7f3dSecretValueLongEnoughFor32Bytes";

    /** URL forms tried in turn until the record accepts one (each record checks its own scheme). */
    private static final List<String> URLS = List.of("https://user:" + CANARY + "@example.com/x?password=" + CANARY,
            "redis://user:" + CANARY + "@example.com:6379/0",
            "jdbc:postgresql://example.com/db?user=u&password=" + CANARY);

    @Test
    void noPropertiesRecordPrintsASecret() throws Exception {
        List<Class<?>> records = propertiesRecords();
        assertThat(records).hasSizeGreaterThanOrEqualTo(19);
        List<String> checked = new ArrayList<>();
        for (Class<?> type : records) {
            String prefix = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class).prefix();
            List<RecordComponent> secrets = new ArrayList<>();
            List<RecordComponent> urls = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getType() != String.class) {
                    continue;
                }
                if (secretName(c.getName())) {
                    secrets.add(c);
                } else if (c.getName().toLowerCase(Locale.ROOT).endsWith("url")) {
                    urls.add(c);
                }
            }
            if (secrets.isEmpty() && urls.isEmpty()) {
                continue;
            }
            Object bound = bind(type, prefix, secrets, urls);
            assertThat(bound).as("%s could not be bound with canaries", type.getSimpleName()).isNotNull();
            for (RecordComponent c : secrets) {
                assertThat(String.valueOf(c.getAccessor().invoke(bound))).as("%s.%s bound", type.getSimpleName(), c.getName())
                        .contains(CANARY);
            }
            for (RecordComponent c : urls) {
                assertThat(String.valueOf(c.getAccessor().invoke(bound))).as("%s.%s bound", type.getSimpleName(), c.getName())
                        .contains(CANARY);
            }
            assertThat(bound.toString()).as("%s.toString()", type.getSimpleName()).doesNotContain(CANARY);
            checked.add(type.getSimpleName());
        }
        // the records known to hold secrets today are among those checked
        assertThat(checked).contains("DatabaseProperties", "CaptchaProperties", "SupabaseProperties",
                "MasterKeyProperties", "RedisProperties", "AuthProperties", "AppProperties");
    }

    private static Object bind(Class<?> type, String prefix, List<RecordComponent> secrets, List<RecordComponent> urls) {
        RuntimeException last = null;
        for (String url : URLS) {
            Map<String, String> values = new HashMap<>();
            for (RecordComponent c : secrets) {
                values.put(prefix + "." + kebab(c.getName()), CANARY);
            }
            for (RecordComponent c : urls) {
                values.put(prefix + "." + kebab(c.getName()), url);
            }
            // settings that must accompany a secret (an issuer for a Supabase secret)
            values.put(prefix + ".issuer", "https://example.com/auth/v1");
            try {
                return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, Bindable.of(type));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Secret-looking names; a key file is a path and a key prefix a namespace, neither is secret. */
    static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("credential")
                || (n.contains("key") && !n.endsWith("file") && !n.startsWith("key"));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<Class<?>> propertiesRecords() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> out = new ArrayList<>();
        for (BeanDefinition d : scanner.findCandidateComponents("com.leadignite")) {
            Class<?> type = Class.forName(d.getBeanClassName());
            if (type.isRecord() && !type.getName().contains("Test")) {
                out.add(type);
            }
        }
        return out;
    }
}
