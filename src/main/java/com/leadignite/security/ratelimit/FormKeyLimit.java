package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The per-form-key limit of lead capture. A form key is public, so the key's bucket is charged only by
 * a capture that passed the key, origin and body checks (the capture service calls {@link #consume}
 * just before it writes); a malformed or refused request costs only its sender's per-address quota,
 * charged by {@link IpRateLimitFilter}.
 */
@Component
public class FormKeyLimit {

    private final RateLimitProperties props;
    private final BucketLimiter limiter;
    private final RateLimitRejections rejections;

    public FormKeyLimit(RateLimitProperties props, BucketLimiter limiter, RateLimitRejections rejections) {
        this.props = props;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    /**
     * Takes one token from the key's bucket, or throws {@link RateLimitExceededException} (answered 429 like
     * every other limit: Retry-After, problem body, metric, audit once per window).
     */
    public void consume(UUID formKeyId) {
        Limit limit = props.group(RouteGroup.LEAD_CAPTURE).perKey();
        if (!props.enabled() || limit == null) {
            return;
        }
        String key = "key:" + RouteGroup.LEAD_CAPTURE.id() + ":" + formKeyId;
        Probe probe = limiter.tryConsume(key, limit);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
                && attrs.getResponse() != null) {
            RateLimitHeaders.add(attrs.getResponse(), RouteGroup.LEAD_CAPTURE.keyPolicy(), limit, probe);
        }
        if (!probe.allowed()) {
            throw rejections.exceeded(RouteGroup.LEAD_CAPTURE, RouteGroup.LEAD_CAPTURE.keyPolicy(), probe,
                    new RateLimitRejections.Subject(key, null, null), limit.window());
        }
    }
}
