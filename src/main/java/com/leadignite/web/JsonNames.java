package com.leadignite.web;

import tools.jackson.databind.PropertyNamingStrategies;

/**
 * Java names as the application's JSON shows them: its naming strategy is Jackson's
 * {@code SNAKE_CASE}, so this asks that strategy rather than repeating its rule.
 */
public final class JsonNames {


    private JsonNames() {
    }

    /** {@code firstName} → {@code first_name}. */
    public static String of(String javaName) {
        return javaName == null ? null : PropertyNamingStrategies.SNAKE_CASE.nameForField(null, null, javaName);
    }

    /** {@code contact.firstName} / {@code items[0].firstName} → each segment translated, indexes kept. */
    public static String ofPath(String javaPath) {
        if (javaPath == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : javaPath.split("\\.", -1)) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            int bracket = segment.indexOf('[');
            out.append(of(bracket < 0 ? segment : segment.substring(0, bracket)));
            if (bracket >= 0) {
                out.append(segment.substring(bracket));
            }
        }
        return out.toString();
    }
}
