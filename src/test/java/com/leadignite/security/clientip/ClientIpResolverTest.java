package com.leadignite.security.clientip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpResolverTest {

    private final ClientIpResolver resolver = new ClientIpResolver(
            new ClientIpProperties(List.of("10.0.0.0/8", "192.0.2.1", "2001:db8:1::/48")));

    private static Enumeration<String> xff(String... values) {
        return Collections.enumeration(List.of(values));
    }

    @Test
    void untrustedPeerIsTheClientWhateverItClaims() {
        assertThat(resolver.resolve("203.0.113.5", xff("1.2.3.4"))).isEqualTo("203.0.113.5");
        assertThat(resolver.resolve("203.0.113.5", xff("10.0.0.1"))).isEqualTo("203.0.113.5");
        assertThat(resolver.resolve("203.0.113.5", null)).isEqualTo("203.0.113.5");
    }

    @Test
    void trustedPeerYieldsTheRightMostUntrustedAddress() {
        assertThat(resolver.resolve("10.1.2.3", xff("198.51.100.7"))).isEqualTo("198.51.100.7");
        // the client prepended a fake address: ignored
        assertThat(resolver.resolve("10.1.2.3", xff("6.6.6.6, 198.51.100.7"))).isEqualTo("198.51.100.7");
        // a chain of trusted proxies is walked past
        assertThat(resolver.resolve("10.1.2.3", xff("6.6.6.6, 198.51.100.7, 192.0.2.1, 10.9.9.9"))).isEqualTo("198.51.100.7");
        // several header lines form one list, in order
        assertThat(resolver.resolve("10.1.2.3", xff("6.6.6.6", "198.51.100.8"))).isEqualTo("198.51.100.8");
        // all trusted: the left-most one is the best we know
        assertThat(resolver.resolve("10.1.2.3", xff("10.2.2.2, 10.3.3.3"))).isEqualTo("10.2.2.2");
    }

    @Test
    void ipv6PeersAndEntries() {
        assertThat(resolver.resolve("2001:db8:1::9", xff("2001:DB8:FFFF:0:0:0:0:1"))).isEqualTo("2001:db8:ffff::1");
        assertThat(resolver.resolve("2001:db8:2::9", xff("198.51.100.7"))).isEqualTo("2001:db8:2::9");
        assertThat(resolver.resolve("10.0.0.1", xff("[2001:db8:ffff::1]:443"))).isEqualTo("2001:db8:ffff::1");
        assertThat(resolver.resolve("0:0:0:0:0:0:0:1", null)).isEqualTo("::1");
    }

    @Test
    void malformedEntriesStopTheWalk() {
        assertThat(resolver.resolve("10.1.2.3", xff("garbage"))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve("10.1.2.3", xff("198.51.100.7, unknown"))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve("10.1.2.3", xff("198.51.100.7, 999.1.1.1"))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve("10.1.2.3", xff(""))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve("10.1.2.3", xff("6.6.6.6, not-an-ip, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(resolver.resolve("10.1.2.3", xff("evil.example.com"))).isEqualTo("10.1.2.3"); // never resolved
        assertThat(resolver.resolve("10.1.2.3", xff("198.51.100.7:8080"))).isEqualTo("198.51.100.7");
    }

    @Test
    void ipv6IsLimitedPerSlash64() {
        assertThat(ClientIpResolver.limitKey("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bb:1:2:3:4")).isEqualTo("2001:db8:aa:bb::/64");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bb:ffff::9")).isEqualTo("2001:db8:aa:bb::/64");
        assertThat(ClientIpResolver.limitKey("2001:db8:aa:bc::1")).isEqualTo("2001:db8:aa:bc::/64");
        assertThat(ClientIpResolver.limitKey("::1")).isEqualTo("::/64");
    }

    @Test
    void nothingIsTrustedByDefault() {
        ClientIpResolver none = new ClientIpResolver(new ClientIpProperties(List.of()));
        assertThat(none.resolve("127.0.0.1", xff("198.51.100.7"))).isEqualTo("127.0.0.1");
        assertThat(none.isTrusted("127.0.0.1")).isFalse();
    }

    @Test
    void cidrParsing() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("10.255.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(Cidr.literal("8.8.8.8"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(Cidr.literal("fd12::1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/33")).isNull();
        assertThat(Cidr.parse("localhost")).isNull();
        assertThat(Cidr.parse("10.0.0.0/x")).isNull();
    }

    @Test
    void badTrustedProxiesFailStartUp() {
        assertThatThrownBy(() -> new ClientIpProperties(List.of("10.0.0.0/8", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRUSTED_PROXIES");
    }
}
