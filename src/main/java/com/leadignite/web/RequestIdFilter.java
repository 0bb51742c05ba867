package com.leadignite.web;

import jakarta.servlet.DispatcherType;
import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: gives every request an id (header, MDC, problem bodies, audit rows) before
 * anything else runs, so even a 401 from the security chain carries it, and writes one access-log line
 * per request. The line holds method, path (no query string, which may carry codes or tokens), status,
 * duration, request id and client IP; never headers or bodies. It is handed to {@link AccessLog}, which
 * writes it off the request thread.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    private final AccessLog accessLog;

    public RequestIdFilter(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // the container's /error dispatch must carry the same id
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
        Object known = request.getAttribute(RequestIds.ATTRIBUTE);
        String id = known instanceof String s ? s : RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        MDC.put(RequestIds.MDC_KEY, id);
        response.setHeader(RequestIds.HEADER, id);
        long start = System.nanoTime();
        boolean escaped = false;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            escaped = true; // the container turns it into a 500 after this filter returns
            throw e;
        } finally {
            if (!errorDispatch) {
                logAccess(request, escaped ? 500 : response.getStatus(), start);
            }
            MDC.remove(RequestIds.MDC_KEY);
            MDC.remove(RequestIds.MDC_CLIENT_IP);
        }
    }

    private void logAccess(HttpServletRequest request, int status, long start) {
        if (!AccessLog.enabled()) {
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String ip = MDC.get(RequestIds.MDC_CLIENT_IP);
        if (ip == null) {
            ip = request.getRemoteAddr();
        }
        // The path as routed (decoded, normalized); the query string is not part of it.
        String path = RequestPaths.of(request);
        accessLog.submit(new AccessLog.Line(request.getMethod(), path, status, millis, ip, MDC.getCopyOfContextMap()));
    }
}
