package com.leadignite.alerts;

import com.leadignite.security.ratelimit.RateLimitHeaders;
import com.leadignite.security.ratelimit.RouteGroup;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sees the status of every answer, whoever wrote it (the security chain's 401, a handler's 403, the error
 * renderer's 5xx, an exception that escapes and becomes a 500): 401/403 and 5xx answers are signals for the
 * burst rules, and every answer a rate limit let through counts as an {@code allowed} limiter decision.
 * Placed right after the client address is resolved, so {@code getRemoteAddr()} is the client's.
 */
class ResponseSignalFilter extends OncePerRequestFilter {

    private final AlertSignals signals;
    private final SecurityMetrics metrics;

    ResponseSignalFilter(AlertSignals signals, SecurityMetrics metrics) {
        this.signals = signals;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean escaped = false;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            escaped = true; // the container answers 500 after the filters return
            throw e;
        } finally {
            int status = escaped ? 500 : response.getStatus();
            signals.response(status, request.getRemoteAddr());
            if (status != 429 && response.getHeader(RateLimitHeaders.POLICY) != null) {
                metrics.allowed(RouteGroup.of(request));
            }
        }
    }
}
