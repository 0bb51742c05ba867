package com.leadignite.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces {@link InFlightLimitProperties}: counts requests in progress per client address and refuses
 * the one over the cap with 429 ({@code Retry-After: 1}, connection closed) before anything reads its
 * body. Runs right after the client address is resolved.
 */
public class InFlightLimitFilter extends OncePerRequestFilter {

    private final InFlightLimitProperties props;
    private final DelegatingErrorRenderer errors;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public InFlightLimitFilter(InFlightLimitProperties props, DelegatingErrorRenderer errors) {
        this.props = props;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        AtomicInteger count = inFlight.compute(client, (k, c) -> {
            AtomicInteger n = c == null ? new AtomicInteger() : c;
            n.incrementAndGet();
            return n;
        });
        try {
            if (count.get() > props.perClient()) {
                errors.write(new ApiException(HttpStatus.TOO_MANY_REQUESTS, (java.net.URI) null,
                        "Too many requests in progress from this address.").retryAfter(1).withHeader("Connection", "close"),
                        request, response);
                return;
            }
            chain.doFilter(request, response);
        } finally {
            // Dropped at zero under the map's lock, so an idle address keeps no entry.
            inFlight.computeIfPresent(client, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
        }
    }
}
