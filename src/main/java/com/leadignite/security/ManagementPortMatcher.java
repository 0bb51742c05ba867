package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Matches requests that arrived on the separate management port (profile {@code metrics}), which is
 * meant to be reachable only from the monitoring network. Matches nothing when management shares the
 * public port, so nothing on the public port is opened by it.
 */
@Component
public class ManagementPortMatcher implements RequestMatcher {

    private final Integer managementPort;
    private final int serverPort;

    public ManagementPortMatcher(Environment env) {
        this.managementPort = env.getProperty("management.server.port", Integer.class);
        this.serverPort = env.getProperty("server.port", Integer.class, 8080);
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return managementPort != null && managementPort > 0 && managementPort != serverPort
                && request.getLocalPort() == managementPort;
    }
}
