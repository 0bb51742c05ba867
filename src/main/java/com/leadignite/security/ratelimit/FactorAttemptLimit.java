package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The per-factor limit on MFA code checks: every verify of one factor, right or wrong, takes a token, so
 * guessing a factor's codes from many addresses at once is bounded as well as from one (the per-IP limit
 * is the sign-in group's). Shared through Redis like every other bucket.
 */
@Component
public class FactorAttemptLimit {

    static final String POLICY = "mfa_factor";

    private final RateLimitProperties props;
    private final BucketLimiter limiter;
    private final RateLimitRejections rejections;

    public FactorAttemptLimit(RateLimitProperties props, BucketLimiter limiter, RateLimitRejections rejections) {
        this.props = props;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    /**
     * Takes one attempt of {@code factorId} by {@code userId}.
     *
     * @throws RateLimitExceededException when exceeded (429 with {@code Retry-After}; {@code over_request_rate_limit} in the GoTrue shape)
     */
    public void check(UUID factorId, UUID orgId, UUID userId, int quota, Duration window) {
        if (!props.enabled()) {
            return;
        }
        Limit limit = Limit.of(quota, window);
        // Keyed by the caller too: a guessed id of someone else's factor cannot use up the owner's attempts.
        String key = "mfa_factor:" + userId + ":" + factorId;
        Probe p = limiter.tryConsume(key, limit);
        if (!p.allowed()) {
            throw rejections.exceeded(RouteGroup.SIGN_IN, POLICY, p, new RateLimitRejections.Subject(key, orgId, userId),
                    limit.window());
        }
    }
}
