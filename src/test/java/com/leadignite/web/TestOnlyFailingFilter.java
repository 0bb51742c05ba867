package com.leadignite.web;

import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Test-only: a servlet filter that fails outside Spring MVC, on one /test-only path. */
@Configuration(proxyBeanMethods = false)
public class TestOnlyFailingFilter {

    @Bean
    FilterRegistrationBean<Filter> testOnlyFailingFilterRegistration() {
        Filter f = (req, res, chain) -> {
            throw new IllegalStateException("filter broke: jdbc:postgresql://db/secret org.postgresql.Driver");
        };
        var reg = new FilterRegistrationBean<>(f);
        reg.addUrlPatterns("/test-only/filter-boom");
        return reg;
    }
}
