package com.leadignite.alerts;

import com.leadignite.security.clientip.ClientIpConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

    /** Right inside the client-address filter, outside everything that may answer 401, 403, 429 or 5xx. */
    @Bean
    FilterRegistrationBean<ResponseSignalFilter> responseSignalFilter(AlertSignals signals, SecurityMetrics metrics) {
        var reg = new FilterRegistrationBean<>(new ResponseSignalFilter(signals, metrics));
        reg.setOrder(ClientIpConfiguration.ORDER + 5);
        reg.setName("responseSignalFilter");
        return reg;
    }
}
