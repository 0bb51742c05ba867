package com.leadignite.crm.calls;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a call is in its life (V240 holds the same set). A dial starts {@code queued}; the provider may
 * report it {@code in_progress}; its end-of-call report makes it {@code completed}, or {@code failed} when
 * the call never connected through an error. Calls logged by hand are {@code completed}.
 */
public enum CallStatus {
    queued, in_progress, completed, failed;

    /** Not yet ended: a report may still move it on. */
    public boolean open() {
        return this == queued || this == in_progress;
    }

    /** The status an end-of-call report gives a call with {@code outcome} (our outcome values). */
    public static CallStatus ended(String outcome) {
        return "failed".equals(outcome) ? failed : completed;
    }

    /** The stored text; an unknown value (never written by this service) is empty. */
    public static Optional<CallStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
