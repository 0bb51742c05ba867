package com.leadignite.crm.common;

import java.util.Set;
import java.util.function.Consumer;

/**
 * A PATCH body bound to {@code T} together with the JSON fields that were actually present, so a field
 * that is absent ("leave it") can be told apart from one sent as {@code null} ("clear it").
 *
 * <pre>{@code
 * Patch<LeadInput> p = bodies.patch(json, LeadInput.class, SERVER_SET, Set.of("first_name", "status"));
 * if (p.has("email")) row.email = p.value().email();   // may be null: clears the e-mail
 * }</pre>
 */
public record Patch<T>(T value, Set<String> present) {

    public Patch {
        present = Set.copyOf(present);
    }

    /** Was the JSON field (by its JSON name) in the body, possibly as null? */
    public boolean has(String jsonField) {
        return present.contains(jsonField);
    }

    /** Runs {@code apply} with the new value only when the field was sent. */
    public <V> void ifPresent(String jsonField, V newValue, Consumer<V> apply) {
        if (has(jsonField)) {
            apply.accept(newValue);
        }
    }

    public boolean isEmpty() {
        return present.isEmpty();
    }
}
