package com.leadignite.security;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * An authenticated caller refused by an authorization rule (URL rules, method security, CSRF): 403
 * problem, and an {@code access_denied} audit row in its own transaction, since the request's work will
 * not commit.
 */
@Component
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAccessDeniedHandler.class);

    private final AuditWriter audit;

    public ProblemAccessDeniedHandler(AuditWriter audit) {
        this.audit = audit;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        record(request);
        if (!response.isCommitted()) {
            Problems.write(response, HttpStatus.FORBIDDEN, null, null, request);
        }
    }

    private void record(HttpServletRequest request) {
        AuthenticatedUser user = CurrentUser.find().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", request.getMethod());
        details.put("path", request.getRequestURI());
        try {
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied,
                    user == null ? null : user.orgId(), user == null ? null : user.id(),
                    "access_denied", "user", user == null ? null : user.id(), details));
        } catch (RuntimeException e) {
            // The denial stands either way; a failing audit store must not turn it into a 500.
            log.error("Could not record an access_denied audit event", e);
        }
    }
}
