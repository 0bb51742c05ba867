package com.leadignite.security.ratelimit;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.security.SessionRevokedException;
import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-user limit, inside the security chain right after bearer-token authentication (the user is
 * known only then). Requests without an authenticated user pass; they were limited per IP already.
 */
public class UserRateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties props;
    private final BucketLimiter limiter;
    private final RateLimitRejections rejections;

    public UserRateLimitFilter(RateLimitProperties props, BucketLimiter limiter, RateLimitRejections rejections) {
        this.props = props;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RouteGroup group = RouteGroup.of(request);
        Limit limit = props.group(group).perKey();
        Optional<AuthenticatedUser> user = CurrentUser.find();
        if (!props.enabled() || group != RouteGroup.GENERAL || limit == null || user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = "user:" + user.get().id();
        Probe p = limiter.tryConsume(key, limit);
        RateLimitHeaders.add(response, group.keyPolicy(), limit, p);
        if (!p.allowed() && live(user.get())) {
            rejections.reject(request, response, group, group.keyPolicy(), p,
                    new RateLimitRejections.Subject(key, user.get().orgId(), user.get().id()), limit.window());
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The audit row of a refusal names the caller's org, so the session is confirmed first. A dead one is
     * let through: this filter runs before the security chain can answer 401, which the request then gets.
     */
    private static boolean live(AuthenticatedUser user) {
        try {
            user.confirm();
            return true;
        } catch (SessionRevokedException e) {
            return false;
        }
    }
}
