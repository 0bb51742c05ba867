package com.leadignite.webhooks.process;

import java.util.Optional;
import java.util.regex.Pattern;

/** E.164 numbers: {@code +} and 8 to 15 digits, the first not 0. */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-/]");

    private PhoneNumbers() {
    }

    /** The E.164 form of a number written with common separators ({@code +1 (555) 010-0001}); else empty. */
    public static Optional<String> e164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        return E164.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
