package com.leadignite.config.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The masking as it was before the linear rewrite; kept only as the reference of the property test. */
final class LegacyLogMasking {

    static final String MASK = "[REDACTED]";

    /** Names whose values are never logged, as key/value pairs, MDC entries or JSON fields. */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|cookie|private[_-]?key|"
                    + "credential|signature|session[_-]?key|master[_-]?key).*");

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"), MASK),
            // Authorization: Bearer x / Basic x / apikey: x / Cookie: a=b; c=d (header dumps, toString output)
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}"), "$1 " + MASK),
            new Rule(Pattern.compile("(?i)\\b((?:set-)?cookie\\s*[:=]\\s*)[^\\r\\n\"]+"), "$1" + MASK),
            // JWT / JWS / JWE-looking strings, with or without a signature part
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*){0,3}"), MASK),
            new Rule(Pattern.compile("\\b(whsec|whsk|wsec|sk_live|sk_test|sb_secret|sbp)_[A-Za-z0-9+/=_-]{6,}"), MASK),
            // name=value / "name":"value" / name: value where the name says it is secret
            new Rule(Pattern.compile("(?i)(\"?[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|apikey|"
                    + "authorization|private[_-]?key|credential|signature)[A-Za-z0-9_.-]*\"?\\s*[:=]\\s*\"?)"
                    + "((?!\\[REDACTED])(?!(?:bearer|basic)\\s)[^\"\\s,;&}\\]]+)"), "$1" + MASK));

    private LegacyLogMasking() {
    }

    static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(rule.replacement());
            }
        }
        return out;
    }

    static boolean secretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }
}
