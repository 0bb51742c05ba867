package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The per-session limit of the refresh grant (API.md §8: 30 / min per session). The session is known
 * only once the refresh token has been looked up, so the refresh code calls {@link #check} then.
 */
@Component
public class SessionRefreshLimit {

    private final RateLimitProperties props;
    private final BucketLimiter limiter;
    private final RateLimitRejections rejections;

    public SessionRefreshLimit(RateLimitProperties props, BucketLimiter limiter, RateLimitRejections rejections) {
        this.props = props;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    /**
     * Takes one refresh of {@code sessionId}; adds the RateLimit fields to {@code response}.
     *
     * @throws RateLimitExceededException when exceeded (429 with {@code Retry-After}; {@code over_request_rate_limit} in the GoTrue shape)
     */
    public void check(UUID sessionId, UUID orgId, UUID userId, HttpServletResponse response) {
        Limit limit = props.refresh().perKey();
        if (!props.enabled() || limit == null) {
            return;
        }
        String key = "session:" + sessionId;
        Probe p = limiter.tryConsume(key, limit);
        RateLimitHeaders.add(response, RouteGroup.REFRESH.keyPolicy(), limit, p);
        if (!p.allowed()) {
            throw rejections.exceeded(RouteGroup.REFRESH, RouteGroup.REFRESH.keyPolicy(), p,
                    new RateLimitRejections.Subject(key, orgId, userId), limit.window());
        }
    }
}
