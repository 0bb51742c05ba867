package com.leadignite.config;

import com.leadignite.db.DatabaseProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code prod} profile's start-up gate (API.md §9): refuses settings that are fine for a laptop but
 * dangerous in production. Every problem found is listed in one message, so an operator fixes them in one
 * go. (The master key has its own check where it is loaded.)
 */
@Component
@Profile("prod")
public class ProductionSettingsCheck {

    public ProductionSettingsCheck(AppProperties app, CorsProperties cors, SupabaseProperties supabase,
                                   DatabaseProperties db, Environment env) {
        List<String> problems = problems(app, cors, supabase, db, env);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start with the prod profile: " + String.join("; ", problems));
        }
    }

    static List<String> problems(AppProperties app, CorsProperties cors, SupabaseProperties supabase,
                                 DatabaseProperties db, Environment env) {
        List<String> out = new ArrayList<>();
        if (!app.publicBaseUrl().startsWith("https://")) {
            out.add("PUBLIC_BASE_URL must be an https URL (Secure cookies, token issuer, webhook URLs)");
        }
        if (cors.hasWildcard()) {
            out.add("CORS_ALLOWED_ORIGINS must list exact origins, not '*'");
        }
        cors.allowedOrigins().stream().filter(o -> o.startsWith("http://")).findFirst()
                .ifPresent(o -> out.add("CORS_ALLOWED_ORIGINS must contain https origins only (found " + o + ")"));
        if (supabase.jwksUrl() != null && !supabase.jwksUrl().startsWith("https://")) {
            out.add("SUPABASE_JWKS_URL must be an https URL");
        }
        if (supabase.jwtSecret() != null && weak(supabase.jwtSecret())) {
            out.add("SUPABASE_JWT_SECRET is too weak (use the project's generated secret)");
        }
        if (!db.embedded()) {
            if (db.password() == null || db.password().isBlank()) {
                out.add("DATABASE_PASSWORD is required when DATABASE_URL is set");
            }
            if (db.appPassword() == null || db.appPassword().isBlank()) {
                out.add("DATABASE_APP_PASSWORD is required when DATABASE_URL is set");
            } else if (weak(db.appPassword())) {
                out.add("DATABASE_APP_PASSWORD is too weak (at least 16 characters, not a pattern)");
            }
        }
        String captchaUrl = env.getProperty("CAPTCHA_VERIFY_URL");
        String captchaSecret = env.getProperty("CAPTCHA_SECRET");
        if (captchaUrl != null && !captchaUrl.isBlank() && (captchaSecret == null || captchaSecret.isBlank())) {
            out.add("CAPTCHA_SECRET is required when CAPTCHA_VERIFY_URL is set");
        }
        return out;
    }

    /** Short, or built from a handful of distinct characters ("aaaa...", "abcabc..."). */
    static boolean weak(String secret) {
        return secret.length() < 16 || secret.chars().distinct().count() < 10;
    }
}
