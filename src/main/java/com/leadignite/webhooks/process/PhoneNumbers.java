package com.leadignite.webhooks.process;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * E.164 numbers as the CRM stores them ({@code leads.phone}): {@code +} and 7 to 15 digits, the first
 * not 0, the same rule as the API and the schema's CHECK.
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-/]");

    private PhoneNumbers() {
    }

    /** The E.164 form of a number written with common separators ({@code +1 (555) 010-0001}); else empty. */
    public static Optional<String> e164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        return E164.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
