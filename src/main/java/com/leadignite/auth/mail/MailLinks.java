package com.leadignite.auth.mail;

import com.leadignite.auth.redirect.RedirectAllowList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds the links in mails: an allow-listed {@code redirect_to}, else {@code PUBLIC_BASE_URL}, with the
 * link's parameters added to its query (before any fragment).
 */
@Component
public class MailLinks {

    private final RedirectAllowList allowList;

    public MailLinks(RedirectAllowList allowList) {
        this.allowList = allowList;
    }

    /** {@code redirect_to} as given when the allow-list accepts it, else null (then PUBLIC_BASE_URL is used). */
    public String allowedRedirect(String requested) {
        return allowList.check(requested).orElse(null);
    }

    public String link(String redirectTo, Map<String, String> params) {
        String base = allowList.resolve(redirectTo);
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        StringBuilder b = new StringBuilder(base);
        char sep = base.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> p : new LinkedHashMap<>(params).entrySet()) {
            b.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.append(fragment).toString();
    }
}
