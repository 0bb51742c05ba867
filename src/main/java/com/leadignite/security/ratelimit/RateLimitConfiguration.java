package com.leadignite.security.ratelimit;

import com.leadignite.security.clientip.ClientIpConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    /** Right after the client address is known, well before Spring Security (order -100). */
    public static final int IP_FILTER_ORDER = ClientIpConfiguration.ORDER + 20;

    @Bean
    FilterRegistrationBean<IpRateLimitFilter> ipRateLimitFilter(RateLimitProperties props, BucketLimiter limiter,
                                                                RateLimitRejections rejections) {
        var reg = new FilterRegistrationBean<>(new IpRateLimitFilter(props, limiter, rejections));
        reg.setOrder(IP_FILTER_ORDER);
        reg.setName("ipRateLimitFilter");
        return reg;
    }

    /** Placed inside the security chain by {@code SecurityConfiguration}, after bearer authentication. */
    @Bean
    UserRateLimitFilter userRateLimitFilter(RateLimitProperties props, BucketLimiter limiter,
                                            RateLimitRejections rejections) {
        return new UserRateLimitFilter(props, limiter, rejections);
    }

    /** ...and only there: not also as a servlet filter of its own. */
    @Bean
    FilterRegistrationBean<UserRateLimitFilter> userRateLimitFilterRegistration(UserRateLimitFilter filter) {
        var reg = new FilterRegistrationBean<>(filter);
        reg.setEnabled(false);
        return reg;
    }
}
