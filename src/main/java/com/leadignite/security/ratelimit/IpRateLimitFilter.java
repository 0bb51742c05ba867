package com.leadignite.security.ratelimit;

import com.leadignite.security.clientip.ClientIpResolver;
import com.leadignite.security.ratelimit.RateLimitProperties.Group;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-IP limits (and the per-form-key limit of lead capture, which needs no authentication), before
 * Spring Security: a flood is refused before any token is verified or the database is asked.
 */
public class IpRateLimitFilter extends OncePerRequestFilter {

    public static final String FORM_KEY_HEADER = "X-Form-Key";

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
        if (group == RouteGroup.LEAD_CAPTURE && limits.perKey() != null) {
            String formKey = request.getHeader(FORM_KEY_HEADER);
            if (formKey != null && !formKey.isBlank()) {
                String key = "key:" + group.id() + ":" + sha256(formKey.trim());
                Probe k = limiter.tryConsume(key, limits.perKey());
                RateLimitHeaders.add(response, group.keyPolicy(), limits.perKey(), k);
                if (!k.allowed()) {
                    rejections.reject(request, response, group, group.keyPolicy(), k,
                            new RateLimitRejections.Subject(key, null, null), limits.perKey().window());
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
