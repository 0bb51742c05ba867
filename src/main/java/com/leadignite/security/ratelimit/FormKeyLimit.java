package com.leadignite.security.ratelimit;

import com.leadignite.security.ratelimit.RateLimitProperties.Limit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
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

    public FormKeyLimit(RateLimitProperties props, BucketLimiter limiter) {
        this.props = props;
        this.limiter = limiter;
    }

    /** Takes one token from the key's bucket, or throws {@link Exceeded} (answered 429). */
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
            throw new Exceeded(key, probe, limit);
        }
    }

    /** The key's bucket is empty. */
    public static final class Exceeded extends RuntimeException {
        private final transient String bucketKey;
        private final transient Probe probe;
        private final transient Limit limit;

        Exceeded(String bucketKey, Probe probe, Limit limit) {
            super("form key quota exceeded", null, false, false);
            this.bucketKey = bucketKey;
            this.probe = probe;
            this.limit = limit;
        }
    }

    /** Answers {@link Exceeded} like every other 429: Retry-After, problem body, metric, audit once per window. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ExceededHandler {
        private final RateLimitRejections rejections;

        ExceededHandler(RateLimitRejections rejections) {
            this.rejections = rejections;
        }

        @ExceptionHandler(Exceeded.class)
        void handle(Exceeded e, HttpServletRequest request, HttpServletResponse response) throws IOException {
            rejections.reject(request, response, RouteGroup.LEAD_CAPTURE, RouteGroup.LEAD_CAPTURE.keyPolicy(), e.probe,
                    new RateLimitRejections.Subject(e.bucketKey, null, null), e.limit.window());
        }
    }
}
