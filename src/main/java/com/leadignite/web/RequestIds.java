package com.leadignite.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The request id of API.md §0: echoed when it is safe to echo, generated otherwise. {@link RequestIdFilter}
 * sets it once per request (header, request attribute, logging context); everything else reads it here.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    /** The client address in the logging context (set by the client-IP filter). */
    public static final String MDC_CLIENT_IP = "client_ip";
    /** Request attribute, so an ERROR dispatch (after the MDC was cleared) reuses the same id. */
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private RequestIds() {
    }

    public static String acceptOrGenerate(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }

    /** The current request's id (from the logging context), or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** {@code request}'s id: its attribute survives the ERROR dispatch, when the logging context is gone. */
    public static String of(HttpServletRequest request) {
        if (request != null && request.getAttribute(ATTRIBUTE) instanceof String s) {
            return s;
        }
        return current();
    }
}
