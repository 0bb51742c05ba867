package com.leadignite.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Builds the {@code before}/{@code after} details of an update from the fields that actually changed. */
public final class Changes {

    private final Map<String, Object> before = new LinkedHashMap<>();
    private final Map<String, Object> after = new LinkedHashMap<>();

    public Changes field(String name, Object oldValue, Object newValue) {
        if (!Objects.equals(oldValue, newValue)) {
            before.put(name, oldValue == null ? null : oldValue.toString());
            after.put(name, newValue == null ? null : newValue.toString());
        }
        return this;
    }

    public boolean isEmpty() {
        return after.isEmpty();
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("before", before);
        d.put("after", after);
        return d;
    }
}
