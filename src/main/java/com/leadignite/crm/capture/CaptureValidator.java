package com.leadignite.crm.capture;

import com.leadignite.web.FieldErrorException;
import com.leadignite.web.FieldErrorException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates captured leads. Every field is plain text: a value that contains markup (a {@code <}
 * followed by a letter, {@code /}, {@code !} or {@code ?}) or control characters is rejected, not
 * silently stripped. The endpoint is unauthenticated, so a rejected payload is better than a stored
 * "defanged" variant of an attack; {@code "a < b"} and {@code "3<5"} stay valid.
 */
final class CaptureValidator {

    private static final Pattern MARKUP = Pattern.compile("<[A-Za-z/!?]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern PHONE = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    private CaptureValidator() {
    }

    static CaptureRequest validate(CaptureRequest in) {
        List<FieldError> errors = new ArrayList<>();
        String firstName = text(errors, "first_name", in.firstName(), 1, 100, false);
        String lastName = text(errors, "last_name", in.lastName(), 0, 100, false);
        String email = text(errors, "email", in.email(), 0, 254, false);
        String phone = text(errors, "phone", in.phone(), 0, 16, false);
        String company = text(errors, "company", in.company(), 0, 200, false);
        String source = text(errors, "source", in.source(), 0, 100, false);
        String notes = text(errors, "notes", in.notes(), 0, 10_000, true);
        // The pattern recurses per label: on tens of kilobytes it overflows the stack, so it only sees
        // an address within the length limit (longer ones were refused above; a longer char count within
        // it means non-ASCII, which the pattern refuses anyway).
        if (email != null && email.codePointCount(0, email.length()) <= 254
                && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.add(new FieldError("email", "must be a valid email address"));
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("phone", "must be in E.164 format, e.g. +14155550123"));
        }
        if (email == null && phone == null && errors.isEmpty()) {
            errors.add(new FieldError("email", "email or phone is required"));
        }
        if (!errors.isEmpty()) {
            throw new FieldErrorException(errors);
        }
        return new CaptureRequest(firstName, lastName, email == null ? null : email.toLowerCase(Locale.ROOT), phone,
                company, source, notes);
    }

    /** Trimmed value (null when absent or blank), or an error for the field. */
    private static String text(List<FieldError> errors, String field, String value, int min, int max, boolean multiLine) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (min > 0) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (v.codePointCount(0, v.length()) > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (MARKUP.matcher(v).find()) {
            errors.add(new FieldError(field, "must be plain text (no HTML)"));
        } else if (CONTROL.matcher(v).find() || (!multiLine && (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\t') >= 0))) {
            errors.add(new FieldError(field, "contains characters that are not allowed"));
        }
        return v;
    }
}
