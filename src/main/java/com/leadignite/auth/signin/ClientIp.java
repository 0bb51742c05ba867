package com.leadignite.auth.signin;

import com.leadignite.audit.AuditWriter;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

/**
 * The one place the auth component learns the caller's IP: the request pipeline puts the resolved
 * client address (trusted-proxy aware) in the logging context; until it has, the socket peer is used.
 */
public final class ClientIp {

    private ClientIp() {
    }

    public static String of(HttpServletRequest request) {
        String fromPipeline = MDC.get(AuditWriter.MDC_CLIENT_IP);
        if (fromPipeline != null && !fromPipeline.isBlank()) {
            return fromPipeline;
        }
        return request == null ? null : request.getRemoteAddr();
    }
}
