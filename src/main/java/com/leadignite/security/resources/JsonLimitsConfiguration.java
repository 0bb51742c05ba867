package com.leadignite.security.resources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parse limits for request JSON (nesting depth, string/name/number length, token count), so a small
 * but pathological body cannot cost deep recursion or large allocations. In Jackson 3 the limits
 * belong to the immutable {@link JsonFactory} a builder is created with, which a
 * {@code JsonMapperBuilderCustomizer} cannot replace; so this supplies the builder Boot's
 * auto-configuration would (it backs off), created on a constrained factory, and applies every
 * customizer exactly as Boot does (naming, features and modules stay Boot's).
 */
@Configuration(proxyBeanMethods = false)
public class JsonLimitsConfiguration {

    static StreamReadConstraints constraints(ResourceLimitProperties p) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(p.jsonMaxNestingDepth())
                .maxStringLength(p.jsonMaxStringLength())
                .maxNameLength(p.jsonMaxNameLength())
                .maxNumberLength(p.jsonMaxNumberLength())
                .maxTokenCount(p.jsonMaxTokenCount())
                .build();
    }

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(ResourceLimitProperties props, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints(props)).build());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder;
    }
}
