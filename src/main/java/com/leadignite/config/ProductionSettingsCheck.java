package com.leadignite.config;

import com.leadignite.config.DatabaseProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code prod} profile's start-up gate (API.md §9): refuses settings that are fine for a laptop but
 * dangerous in production. It runs as a bean-factory post-processor, before any bean (the embedded
 * database, the master key) exists, and lists every problem found in one {@link StartupFailure}, so an
 * operator fixes them all in one go.
 */
@Component
@Profile("prod")
public class ProductionSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment env;

    @Override
    public void setEnvironment(Environment environment) {
        this.env = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(env);
        AppProperties app = bind(binder, "leadignite", AppProperties.class, problems);
        CorsProperties cors = bind(binder, "leadignite.cors", CorsProperties.class, problems);
        SupabaseProperties supabase = bind(binder, "leadignite.supabase", SupabaseProperties.class, problems);
        DatabaseProperties db = bind(binder, "leadignite.database", DatabaseProperties.class, problems);
        if (app != null && cors != null && supabase != null && db != null) {
            problems.addAll(problems(app, cors, supabase, db, env));
        }
        if (!problems.isEmpty()) {
            throw new StartupFailure("The prod profile refuses these settings", problems,
                    "Fix every setting listed (see the configuration table of the README and docs/deployment.md), then start again.");
        }
    }

    /** A value its own record refuses (a CORS origin that is not an origin...) is one more problem, not the only one. */
    private static <T> T bind(Binder binder, String prefix, Class<T> type, List<String> problems) {
        try {
            return binder.bindOrCreate(prefix, type);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            problems.add(root.getMessage());
            return null;
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
        if (db.embedded() && !db.allowEmbedded()) {
            out.add("DATABASE_URL is required: the embedded PostgreSQL is for development (set "
                    + "DATABASE_ALLOW_EMBEDDED=true to run it anyway, on a single instance)");
        }
        masterKeyProblem(app, env).ifPresent(out::add);
        // Without SMTP nobody can recover an account or prove an address, and mails would go to the log.
        String smtpHost = env.getProperty("leadignite.mail.smtp.host", "");
        if (smtpHost.isBlank()) {
            out.add("SMTP_HOST is required: recovery, confirmation and invitation mails need an SMTP server "
                    + "(set SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_TLS)");
        } else if ("none".equalsIgnoreCase(env.getProperty("leadignite.mail.smtp.tls", "starttls"))
                && !isLoopback(smtpHost)) {
            out.add("SMTP_TLS=none is only allowed for an SMTP relay on this host (mails carry sign-in links)");
        }
        String captchaUrl = env.getProperty("CAPTCHA_VERIFY_URL");
        String captchaSecret = env.getProperty("CAPTCHA_SECRET");
        if (captchaUrl != null && !captchaUrl.isBlank() && (captchaSecret == null || captchaSecret.isBlank())) {
            out.add("CAPTCHA_SECRET is required when CAPTCHA_VERIFY_URL is set");
        }
        return out;
    }

    /**
     * The master key must come from the environment or a secret file outside the data directory (a key
     * next to the data it protects protects nothing), and must be 32 random bytes. Read from the raw
     * settings: the key itself is loaded later, by {@code crypto.MasterKeyConfiguration}.
     */
    static Optional<String> masterKeyProblem(AppProperties app, Environment env) {
        String key = env.getProperty("leadignite.master-key", "");
        String file = env.getProperty("leadignite.master-key-file", "");
        if (key.isBlank() && file.isBlank()) {
            return Optional.of("LEADIGNITE_MASTER_KEY or LEADIGNITE_MASTER_KEY_FILE is required (a key generated into "
                    + "the data directory is for development only)");
        }
        if (key.isBlank()) {
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (path.startsWith(Path.of(app.dataDir()).toAbsolutePath().normalize())) {
                return Optional.of("LEADIGNITE_MASTER_KEY_FILE must not point into the data directory " + app.dataDir()
                        + " (keep the key apart from the data it protects)");
            }
            try {
                key = Files.readString(path, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return Optional.of("LEADIGNITE_MASTER_KEY_FILE " + file + " cannot be read");
            }
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("the master key must be base64 of 32 bytes (it is not valid base64)");
        }
        if (raw.length != 32) {
            return Optional.of("the master key must be base64 of exactly 32 bytes (got " + raw.length + ")");
        }
        long distinct = IntStream.range(0, raw.length).map(i -> raw[i]).distinct().count();
        Arrays.fill(raw, (byte) 0);
        return distinct < 16 ? Optional.of("the master key is too weak (not random bytes)") : Optional.empty();
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    /** Short, or built from a handful of distinct characters ("aaaa...", "abcabc..."). */
    static boolean weak(String secret) {
        return secret.length() < 16 || secret.chars().distinct().count() < 10;
    }
}
