package com.leadignite.security.clientip;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.audit.AuditWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ClientIpFilterTest {

    private final ClientIpFilter filter = new ClientIpFilter(new ClientIpResolver(new ClientIpProperties(List.of("10.0.0.0/8"))));

    private record Seen(String remoteAddr, boolean secure, String scheme, String mdc, String url) {
    }

    private Seen run(MockHttpServletRequest request) throws Exception {
        AtomicReference<Seen> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            HttpServletRequest r = (HttpServletRequest) req;
            seen.set(new Seen(r.getRemoteAddr(), r.isSecure(), r.getScheme(), MDC.get(AuditWriter.MDC_CLIENT_IP),
                    r.getRequestURL().toString()));
        });
        return seen.get();
    }

    private static MockHttpServletRequest request(String peer) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/api/v1/leads");
        r.setRemoteAddr(peer);
        r.setServerName("api.example.test");
        r.setServerPort(8080);
        return r;
    }

    @Test
    void trustedProxyForwardsAddressAndScheme() throws Exception {
        MockHttpServletRequest r = request("10.0.0.5");
        r.addHeader("X-Forwarded-For", "6.6.6.6, 198.51.100.7");
        r.addHeader("X-Forwarded-Proto", "https");
        Seen s = run(r);
        assertThat(s.remoteAddr()).isEqualTo("198.51.100.7");
        assertThat(s.secure()).isTrue();
        assertThat(s.scheme()).isEqualTo("https");
        assertThat(s.mdc()).isEqualTo("198.51.100.7");
        assertThat(s.url()).startsWith("https://api.example.test");
        assertThat(MDC.get(AuditWriter.MDC_CLIENT_IP)).isNull(); // cleared after the request
    }

    @Test
    void untrustedPeerCannotClaimAnAddressOrHttps() throws Exception {
        MockHttpServletRequest r = request("203.0.113.9");
        r.addHeader("X-Forwarded-For", "198.51.100.7");
        r.addHeader("X-Forwarded-Proto", "https");
        Seen s = run(r);
        assertThat(s.remoteAddr()).isEqualTo("203.0.113.9");
        assertThat(s.secure()).isFalse();
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.mdc()).isEqualTo("203.0.113.9");
    }

    @Test
    void trustedProxyCanSayPlainHttp() throws Exception {
        MockHttpServletRequest r = request("10.0.0.5");
        r.setSecure(true);
        r.setScheme("https");
        r.addHeader("X-Forwarded-Proto", "http");
        Seen s = run(r);
        assertThat(s.secure()).isFalse();
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.remoteAddr()).isEqualTo("10.0.0.5");
    }
}
