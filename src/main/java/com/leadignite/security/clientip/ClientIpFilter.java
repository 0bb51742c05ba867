package com.leadignite.security.clientip;

import com.leadignite.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs first of all: fixes the client address (and, behind a trusted proxy, the scheme) once, so rate
 * limits, lockouts, audit rows, HSTS and Secure cookies all see the same facts. The address goes to
 * the logging context as {@value RequestIds#MDC_CLIENT_IP} for the duration of the request.
 */
public class ClientIpFilter extends OncePerRequestFilter {

    private final ClientIpResolver resolver;

    public ClientIpFilter(ClientIpResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // the error page keeps the wrapped request's view of address and scheme
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String peer = request.getRemoteAddr();
        String clientIp = resolver.resolve(peer, request.getHeaders("X-Forwarded-For"));
        boolean https = request.isSecure();
        if (resolver.isTrusted(peer)) {
            String proto = request.getHeader("X-Forwarded-Proto");
            if (proto != null) {
                String first = proto.split(",", 2)[0].trim();
                https = "https".equalsIgnoreCase(first) || (request.isSecure() && !"http".equalsIgnoreCase(first));
            }
        }
        String previous = MDC.get(RequestIds.MDC_CLIENT_IP);
        MDC.put(RequestIds.MDC_CLIENT_IP, clientIp);
        try {
            chain.doFilter(new Forwarded(request, clientIp, https), response);
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_CLIENT_IP);
            } else {
                MDC.put(RequestIds.MDC_CLIENT_IP, previous);
            }
        }
    }

    /** The request as the client sent it to the outermost trusted proxy. */
    static final class Forwarded extends HttpServletRequestWrapper {
        private final String clientIp;
        private final boolean secure;

        Forwarded(HttpServletRequest request, String clientIp, boolean secure) {
            super(request);
            this.clientIp = clientIp;
            this.secure = secure;
        }

        @Override
        public String getRemoteAddr() {
            return clientIp;
        }

        @Override
        public String getRemoteHost() {
            return clientIp; // never a reverse lookup
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getScheme() {
            return secure ? "https" : super.getScheme().equalsIgnoreCase("https") ? "http" : super.getScheme();
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (port > 0 && !((secure && port == 443) || (!secure && port == 80))) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }
    }
}
