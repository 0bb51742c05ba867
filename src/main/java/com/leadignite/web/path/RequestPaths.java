package com.leadignite.web.path;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.web.util.UriUtils;

/**
 * The request path as the container and Spring (MVC's and Security's path patterns) match it: the raw
 * {@code getRequestURI()} without the context path, {@code ;} path parameters removed from each segment,
 * each segment percent-decoded, empty segments (double and trailing slashes) and {@code .} dropped and
 * {@code ..} applied. Every decision taken on the path (rate-limit group, error shape, body limit, access
 * log) uses this, so an encoded or padded spelling of a route is treated as the route it reaches.
 * Case is kept, as the path patterns are case-sensitive; callers that want to be stricter lower-case it.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    public static String of(HttpServletRequest request) {
        return normalize(request.getRequestURI(), request.getContextPath());
    }

    public static String normalize(String rawUri, String contextPath) {
        if (rawUri == null || rawUri.isEmpty()) {
            return "/";
        }
        String path = rawUri;
        if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.split("/", -1)) {
            int semi = raw.indexOf(';');
            String segment = decode(semi < 0 ? raw : raw.substring(0, semi));
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return UriUtils.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Malformed escapes: the container refuses such a request before any filter; keep it literal.
            return segment;
        }
    }
}
