package com.leadignite.crm.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Audit {@code details} for data changes: which fields changed, with their values before and after.
 * Long free-text fields (notes, prompts, summaries) are summarized by length instead of copied, so the
 * append-only log does not become a second, unerasable copy of customer prose.
 */
public final class AuditDiff {

    private AuditDiff() {
    }

    /** {@code {"changes": {field: {"before": x, "after": y}}}} for fields whose value differs. */
    public static Map<String, Object> changes(Map<String, ?> before, Map<String, ?> after, Set<String> summarized) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String k : after.keySet()) {
            Object b = before.get(k);
            Object a = after.get(k);
            if (!Objects.equals(b, a)) {
                changes.put(k, pair(k, b, a, summarized));
            }
        }
        return Map.of("changes", changes);
    }

    /** The field values of a created or deleted record, with long text summarized. */
    public static Map<String, Object> snapshot(String key, Map<String, ?> values, Set<String> summarized) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                out.put(k, summarized.contains(k) ? Map.of("length", v.toString().length()) : v);
            }
        });
        return Map.of(key, out);
    }

    private static Map<String, Object> pair(String k, Object b, Object a, Set<String> summarized) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (summarized.contains(k)) {
            p.put("before_length", b == null ? null : b.toString().length());
            p.put("after_length", a == null ? null : a.toString().length());
        } else {
            p.put("before", b == null ? null : b.toString());
            p.put("after", a == null ? null : a.toString());
        }
        return p;
    }
}
