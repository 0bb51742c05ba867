package com.leadignite.crm.common;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Rich-text fields (lead notes) are stored as sanitized HTML: only {@code b, i, em, strong, p, br, ul,
 * ol, li} and {@code a} with an {@code http}, {@code https} or {@code mailto} {@code href}, which always
 * gets {@code rel="nofollow noopener"}. Everything else (scripts, event handlers, styles, other
 * URL schemes) is removed on the way in, so whatever renders a stored value cannot run code from it.
 * Text is HTML-escaped by the sanitizer ({@code <} becomes {@code &lt;}).
 */
public final class HtmlSanitizer {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("b", "i", "em", "strong", "p", "br", "ul", "ol", "li", "a")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("nofollow", "noopener")
            .toFactory();

    private HtmlSanitizer() {
    }

    /** The safe form of {@code html}; null stays null. */
    public static String sanitize(String html) {
        return html == null ? null : POLICY.sanitize(html);
    }
}
