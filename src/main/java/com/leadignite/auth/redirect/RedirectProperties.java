package com.leadignite.auth.redirect;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where links the service mails and social-login redirects may send a browser ({@code AUTH_REDIRECT_ALLOW_LIST},
 * comma-separated URLs). Each entry allows its exact scheme, host and port and every path under its path.
 *
 * @param allowList allowed {@code redirect_to} prefixes; empty = {@code PUBLIC_BASE_URL} only
 */
@Validated
@ConfigurationProperties("leadignite.redirects")
public record RedirectProperties(List<String> allowList) {

    public RedirectProperties {
        allowList = allowList == null ? List.of()
                : allowList.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String entry : allowList) {
            if (RedirectAllowList.Entry.parse(entry) == null) {
                throw new IllegalArgumentException("AUTH_REDIRECT_ALLOW_LIST entry '" + entry
                        + "' is not an absolute http(s) URL without user info, query or fragment");
            }
        }
    }
}
