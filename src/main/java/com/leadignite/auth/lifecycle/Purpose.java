package com.leadignite.auth.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** What a mailed token proves, as {@code verify}'s {@code type} names it; the column spelling is the same. */
enum Purpose {
    RECOVERY, SIGNUP, EMAIL_CHANGE;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Purpose> ofType(String type) {
        return switch (type) {
            case "recovery" -> Optional.of(RECOVERY);
            case "signup" -> Optional.of(SIGNUP);
            case "email_change" -> Optional.of(EMAIL_CHANGE);
            default -> Optional.empty();
        };
    }
}
