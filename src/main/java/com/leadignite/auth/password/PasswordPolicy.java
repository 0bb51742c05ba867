package com.leadignite.auth.password;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.api.StorableText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Password rules (API.md §2): at least {@value #MIN_LENGTH} characters, at least {@value #MIN_DISTINCT}
 * different characters, and not in the bundled list of common passwords (compared case-insensitively).
 * A failure is GoTrue's {@code 422 weak_password} with the reasons {@code length}, {@code characters},
 * {@code pwned}.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;
    static final int MIN_DISTINCT = 4;
    private static final String LIST = "/auth/common-passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /** Throws {@code weak_password} (422) or {@code validation_failed} (400, absurd length). */
    public void check(String password) {
        if (password == null || password.isEmpty()) {
            throw AuthError.validation("Password is required");
        }
        if (password.length() > MAX_LENGTH) {
            throw AuthError.validation("Password must be at most " + MAX_LENGTH + " characters");
        }
        StorableText.require(password, "Password");
        List<String> reasons = new ArrayList<>();
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            reasons.add("length");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            reasons.add("characters");
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            reasons.add("pwned");
        }
        if (!reasons.isEmpty()) {
            throw new AuthError(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.WEAK_PASSWORD, message(reasons), List.copyOf(reasons));
        }
    }

    private static String message(List<String> reasons) {
        if (reasons.contains("length")) {
            return "Password should be at least " + MIN_LENGTH + " characters.";
        }
        if (reasons.contains("pwned")) {
            return "Password is known to be weak and easy to guess, please choose a different one.";
        }
        return "Password should contain more different characters.";
    }

    int size() {
        return common.size();
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("common password list " + LIST + " is missing from the classpath");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String p = line.strip();
                    if (!p.isEmpty() && !p.startsWith("#")) {
                        out.add(p.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("common password list could not be read", e);
        }
        return Set.copyOf(out);
    }
}
