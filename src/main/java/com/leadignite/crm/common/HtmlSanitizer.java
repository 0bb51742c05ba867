package com.leadignite.crm.common;

import java.util.regex.Pattern;
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

    /**
     * Script-capable URL schemes that survive as plain text (a note may say "javascript: is blocked").
     * They are inert as text, but their colon is written as {@code &#58;} anyway: the rendered text is
     * identical and no stored value ever contains the literal {@code javascript:} a scanner (or a later
     * careless renderer that decodes nothing) would have to reason about.
     */
    private static final Pattern SCRIPT_SCHEME = Pattern.compile("(?i)(javascript|vbscript|livescript|data)(\\s*):");

    private HtmlSanitizer() {
    }

    /** The safe form of {@code html}; null stays null. */
    public static String sanitize(String html) {
        if (html == null) {
            return null;
        }
        return SCRIPT_SCHEME.matcher(POLICY.sanitize(html)).replaceAll("$1$2&#58;");
    }
}
