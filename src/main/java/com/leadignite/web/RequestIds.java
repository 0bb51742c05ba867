package com.leadignite.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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

    // UUID.randomUUID() draws from one shared SecureRandom behind a lock that every request thread
    // queued on under load (the profile of the 401 and health paths); one DRBG per thread, same quality.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private RequestIds() {
    }

    public static String acceptOrGenerate(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : randomUuid();
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes it. */
    static String randomUuid() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new UUID(buf.getLong(), buf.getLong()).toString();
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
