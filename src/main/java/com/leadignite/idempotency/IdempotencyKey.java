package com.leadignite.idempotency;

import com.leadignite.web.FieldErrorException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Reads the {@code Idempotency-Key} header. The key is opaque to us (a UUID is what clients usually
 * send; the IETF draft's quoted form is simply a key that includes its quotes): 1..255 printable ASCII
 * characters. A malformed or repeated header is a 400 naming the header, never silently ignored, since
 * the client is relying on it.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /** The key, or null when the request carries none. */
    public static String from(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(HEADER);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String key = values.nextElement();
        if (values.hasMoreElements()) {
            throw invalid("must be sent once");
        }
        if (!valid(key)) {
            throw invalid("must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        return key;
    }

    static boolean valid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static FieldErrorException invalid(String message) {
        return FieldErrorException.of(HEADER, message);
    }
}
