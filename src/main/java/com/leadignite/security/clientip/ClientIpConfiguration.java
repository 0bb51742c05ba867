package com.leadignite.security.clientip;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class ClientIpConfiguration {

    /** Before everything else, Spring Security included. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Bean
    FilterRegistrationBean<ClientIpFilter> clientIpFilter(ClientIpResolver resolver) {
        var reg = new FilterRegistrationBean<>(new ClientIpFilter(resolver));
        reg.setOrder(ORDER);
        reg.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        reg.setName("clientIpFilter");
        return reg;
    }
}
