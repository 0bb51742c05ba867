package com.leadignite.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;

/**
 * Each setting's default lives in one place: the record's {@code @DefaultValue}, or {@code application.yml}
 * (where a setting has an environment-variable alias such as {@code ${HTTP_BODY_LIMIT:64KB}}), never both, so
 * the two cannot drift apart. Every settings record is validated at binding.
 */
class PropertiesDefaultsTest {

    @Test
    void noSettingHasADefaultBothInItsRecordAndInApplicationYml() throws Exception {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties yml = yaml.getObject();
        assertThat(yml).containsKey("leadignite.database.pool-size");

        List<String> both = new ArrayList<>();
        int defaults = 0;
        for (Class<?> type : propertiesRecords()) {
            String prefix = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class).prefix();
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                if (c.isAnnotationPresent(DefaultValue.class) || parameterHasDefault(type, components, i)) {
                    defaults++;
                    String key = prefix + "." + kebab(c.getName());
                    if (yml.stringPropertyNames().stream().anyMatch(k -> k.equals(key) || k.startsWith(key + ".")
                            || k.startsWith(key + "["))) {
                        both.add(key);
                    }
                }
            }
        }
        assertThat(defaults).as("record defaults found").isGreaterThan(50);
        assertThat(both).as("defaults both in a record and in application.yml").isEmpty();
    }

    @Test
    void everySettingsRecordIsValidated() throws Exception {
        List<String> unvalidated = new ArrayList<>();
        for (Class<?> type : propertiesRecords()) {
            if (!type.isAnnotationPresent(Validated.class)) {
                unvalidated.add(type.getSimpleName());
            }
        }
        assertThat(unvalidated).isEmpty();
    }

    /** {@code @DefaultValue} sits on the canonical constructor's parameter. */
    private static boolean parameterHasDefault(Class<?> type, RecordComponent[] components, int i)
            throws NoSuchMethodException {
        Class<?>[] types = java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return type.getDeclaredConstructor(types).getParameters()[i].isAnnotationPresent(DefaultValue.class);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static List<Class<?>> propertiesRecords() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> out = new ArrayList<>();
        for (BeanDefinition d : scanner.findCandidateComponents("com.leadignite")) {
            Class<?> type = Class.forName(d.getBeanClassName());
            if (type.isRecord() && !type.getName().contains("Test")) {
                out.add(type);
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(19);
        return out;
    }
}
