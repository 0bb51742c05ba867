package com.leadignite.security.ratelimit;

import com.leadignite.security.clientip.ClientIpResolver;
import com.leadignite.security.ratelimit.RateLimitProperties.Group;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-IP limits, before Spring Security: a flood is refused before any token is verified or the
 * database is asked. (The per-form-key limit of lead capture is charged later, by {@link FormKeyLimit},
 * only for captures that passed their checks.)
 */
public class IpRateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties props;
    private final BucketLimiter limiter;
    private final RateLimitRejections rejections;

    public IpRateLimitFilter(RateLimitProperties props, BucketLimiter limiter, RateLimitRejections rejections) {
        this.props = props;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!props.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        RouteGroup group = RouteGroup.of(request);
        Group limits = props.group(group);
        String ipKey = "ip:" + group.id() + ":" + ClientIpResolver.limitKey(request.getRemoteAddr());
        Probe ip = limiter.tryConsume(ipKey, limits.perIp());
        RateLimitHeaders.add(response, "ip", limits.perIp(), ip);
        if (!ip.allowed()) {
            rejections.reject(request, response, group, "ip", ip,
                    new RateLimitRejections.Subject(ipKey, null, null), limits.perIp().window());
            return;
        }
        chain.doFilter(request, response);
    }
}
