package com.leadignite.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order of the servlet filters this package adds: the request id first of all (so every response and
 * log line, 401s included, carries it); the body limit right after the security chain, so its 413s get
 * the security headers too.
 */
@Configuration(proxyBeanMethods = false)
public class WebFilterConfiguration {

    /** The one error renderer: the routes other packages contribute (the GoTrue shape of /auth/v1), else problems. */
    @Bean
    DelegatingErrorRenderer errorRenderer(ObjectProvider<ErrorRenderer.Route> routes, JsonMapper json) {
        return new DelegatingErrorRenderer(routes.orderedStream().toList(), new ProblemRenderer(), json);
    }

    @Bean(destroyMethod = "close")
    AccessLog accessLog(ObjectProvider<MeterRegistry> meters) {
        AccessLog accessLog = new AccessLog();
        meters.ifAvailable(m -> FunctionCounter.builder("leadignite.access_log.dropped", accessLog, AccessLog::dropped)
                .description("access-log lines dropped because the writer could not keep up").register(m));
        return accessLog;
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(AccessLog accessLog) {
        var reg = new FilterRegistrationBean<>(new RequestIdFilter(accessLog));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
        reg.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return reg;
    }

    /** Right after the request id, so a database outage met by any later filter is a 503, not a 500. */
    @Bean
    FilterRegistrationBean<DatabaseUnavailableHandler.Filter> databaseUnavailableFilter(DelegatingErrorRenderer errors) {
        var reg = new FilterRegistrationBean<>(new DatabaseUnavailableHandler.Filter(errors));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return reg;
    }

    /** Tomcat's own error page (for requests it refuses before the filters) renders a problem too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** A body the application left unread is not drained: the connection is closed instead. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodyValve() {
        return factory -> factory.addContextValves(new UnreadBodyValve());
    }

    /** Right after the client address is resolved (ClientIpFilter, highest precedence), before the rate limits. */
    @Bean
    FilterRegistrationBean<InFlightLimitFilter> inFlightLimitFilter(InFlightLimitProperties props, DelegatingErrorRenderer errors) {
        var reg = new FilterRegistrationBean<>(new InFlightLimitFilter(props, errors));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return reg;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(BodyLimitProperties props, DelegatingErrorRenderer errors) {
        var reg = new FilterRegistrationBean<>(new BodyLimitFilter(props, errors));
        reg.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return reg;
    }
}
