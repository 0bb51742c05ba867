package com.leadignite.security.clientip;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which peers may tell us the client's address.
 *
 * @param trustedProxies CIDRs (IPv4 or IPv6; a bare address means a single host) whose
 *                       {@code X-Forwarded-For} / {@code X-Forwarded-Proto} are believed. Empty: none.
 */
@Validated
@ConfigurationProperties("leadignite.client-ip")
public record ClientIpProperties(List<String> trustedProxies) {

    public ClientIpProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String cidr : trustedProxies) {
            if (Cidr.parse(cidr) == null) {
                throw new IllegalArgumentException("leadignite.client-ip.trusted-proxies (TRUSTED_PROXIES): '"
                        + cidr + "' is not an IPv4/IPv6 address or CIDR");
            }
        }
    }
}
