package com.leadignite.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.DatabaseProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A wrong setting fails start-up with a message that says which setting and why. */
class StartupSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({AppProperties.class, CorsProperties.class, SupabaseProperties.class, DatabaseProperties.class})
    static class Settings {
    }

    private static final String[] BASE = {
            "leadignite.public-base-url=http://localhost:8080", "leadignite.data-dir=./data",
            "leadignite.database.user=postgres", "leadignite.database.app-user=leadignite_app",
            "leadignite.database.pool-size=5"};

    private final ApplicationContextRunner dev = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues(BASE);

    private final ApplicationContextRunner prod = new ApplicationContextRunner()
            .withInitializer(ctx -> ctx.getEnvironment().setActiveProfiles("prod"))
            .withUserConfiguration(Settings.class, ProductionSettingsCheck.class)
            .withPropertyValues(BASE)
            .withPropertyValues("leadignite.public-base-url=https://api.example.com",
                    "leadignite.cors.allowed-origins=https://app.example.com",
                    "leadignite.database.url=jdbc:postgresql://db:5432/app",
                    "leadignite.database.password=Owner-9f3kQ2xLm7pZ", "leadignite.database.app-password=App-4hT8wN1vR6yB",
                    "leadignite.master-key=" + java.util.Base64.getEncoder().encodeToString(randomBytes()),
                    "leadignite.mail.smtp.host=smtp.example.com");

    private static byte[] randomBytes() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        return raw;
    }

    private static String failure(AssertableApplicationContext ctx) {
        assertThat(ctx).hasFailed();
        StringBuilder all = new StringBuilder();
        for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void defaultsStart() {
        dev.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(CorsProperties.class).allowedOrigins()).isEmpty();
            assertThat(ctx.getBean(SupabaseProperties.class).enabled()).isFalse();
        });
        prod.run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void corsWildcardWithCredentialsIsRefusedEverywhere() {
        dev.withPropertyValues("leadignite.cors.allowed-origins=https://a.example.com,*")
                .run(ctx -> assertThat(failure(ctx)).contains("CORS_ALLOWED_ORIGINS must not contain '*'"));
    }

    @Test
    void corsWildcardIsRefusedInProdEvenWithoutCredentials() {
        dev.withPropertyValues("leadignite.cors.allowed-origins=*", "leadignite.cors.allow-credentials=false")
                .run(ctx -> assertThat(ctx).hasNotFailed());
        prod.withPropertyValues("leadignite.cors.allowed-origins=*", "leadignite.cors.allow-credentials=false")
                .run(ctx -> assertThat(failure(ctx)).contains("CORS_ALLOWED_ORIGINS must list exact origins"));
    }

    @Test
    void corsEntryMustBeAnOrigin() {
        dev.withPropertyValues("leadignite.cors.allowed-origins=https://app.example.com/path")
                .run(ctx -> assertThat(failure(ctx)).contains("is not an origin"));
    }

    @Test
    void prodNeedsHttpsPublicBaseUrl() {
        prod.withPropertyValues("leadignite.public-base-url=http://api.example.com")
                .run(ctx -> assertThat(failure(ctx)).contains("PUBLIC_BASE_URL must be an https URL"));
    }

    @Test
    void supabaseSecretMustBeLongEnough() {
        dev.withPropertyValues("leadignite.supabase.issuer=https://ref.supabase.co/auth/v1",
                        "leadignite.supabase.jwt-secret=short-secret")
                .run(ctx -> assertThat(failure(ctx)).contains("SUPABASE_JWT_SECRET must be at least 32 bytes"));
        prod.withPropertyValues("leadignite.supabase.issuer=https://ref.supabase.co/auth/v1",
                        "leadignite.supabase.jwt-secret=" + "ab".repeat(20))
                .run(ctx -> assertThat(failure(ctx)).contains("SUPABASE_JWT_SECRET is too weak"));
    }

    @Test
    void supabaseSettingsMustBeComplete() {
        dev.withPropertyValues("leadignite.supabase.issuer=https://ref.supabase.co/auth/v1")
                .run(ctx -> assertThat(failure(ctx)).contains("SUPABASE_ISSUER needs SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET"));
        dev.withPropertyValues("leadignite.supabase.jwks-url=https://ref.supabase.co/auth/v1/.well-known/jwks.json")
                .run(ctx -> assertThat(failure(ctx)).contains("need SUPABASE_ISSUER"));
        prod.withPropertyValues("leadignite.supabase.issuer=https://ref.supabase.co/auth/v1",
                        "leadignite.supabase.jwks-url=http://ref.supabase.co/auth/v1/.well-known/jwks.json")
                .run(ctx -> assertThat(failure(ctx)).contains("SUPABASE_JWKS_URL must be an https URL"));
    }

    @Test
    void prodWithoutDatabaseUrlRefusesTheEmbeddedDatabase() {
        prod.withPropertyValues("leadignite.database.url=")
                .run(ctx -> assertThat(failure(ctx)).contains("DATABASE_URL is required"));
        prod.withPropertyValues("leadignite.database.url=", "leadignite.database.allow-embedded=true")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void prodRefusesAMasterKeyFromTheDataDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("master.key");
        java.nio.file.Files.writeString(file, java.util.Base64.getEncoder().encodeToString(randomBytes()));
        prod.withPropertyValues("leadignite.master-key=", "leadignite.data-dir=" + dir, "leadignite.master-key-file=" + file)
                .run(ctx -> assertThat(failure(ctx)).contains("LEADIGNITE_MASTER_KEY_FILE must not point into the data directory"));
        prod.withPropertyValues("leadignite.master-key=")
                .run(ctx -> assertThat(failure(ctx)).contains("LEADIGNITE_MASTER_KEY or LEADIGNITE_MASTER_KEY_FILE is required"));
    }

    /** One start names every problem, before the embedded database or the master key is touched. */
    @Test
    void prodReportsAllItsProblemsAtOnce() {
        prod.withPropertyValues("leadignite.database.url=", "leadignite.master-key=",
                        "leadignite.public-base-url=http://api.example.com", "leadignite.cors.allowed-origins=http://app.example.com",
                        "CAPTCHA_VERIFY_URL=https://hcaptcha.example/siteverify")
                .run(ctx -> {
                    String message = failure(ctx);
                    assertThat(message).contains("DATABASE_URL is required", "LEADIGNITE_MASTER_KEY or LEADIGNITE_MASTER_KEY_FILE is required",
                            "PUBLIC_BASE_URL must be an https URL", "CORS_ALLOWED_ORIGINS must contain https origins only",
                            "CAPTCHA_SECRET is required");
                    Throwable t = ctx.getStartupFailure();
                    while (!(t instanceof StartupFailure) && t.getCause() != null) {
                        t = t.getCause();
                    }
                    assertThat(t).isInstanceOf(StartupFailure.class);
                    var analysis = new StartupFailureAnalyzer().analyze(t);
                    assertThat(analysis.getDescription()).startsWith("The prod profile refuses these settings:\n  - ")
                            .contains("\n  - DATABASE_URL is required");
                    assertThat(((StartupFailure) t).problems()).hasSize(5);
                    assertThat(analysis.getAction()).contains("docs/deployment.md");
                });
    }

    @Test
    void theFailureAnalyzerIsRegistered() throws Exception {
        boolean registered = false;
        for (var url : java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            try (var in = url.openStream()) {
                var factories = new java.util.Properties();
                factories.load(in);
                registered |= factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer", "")
                        .contains(StartupFailureAnalyzer.class.getName());
            }
        }
        assertThat(registered).isTrue();
    }

    @Test
    void prodNeedsDatabasePasswordsForAnExternalDatabase() {
        prod.withPropertyValues("leadignite.database.url=jdbc:postgresql://db:5432/app",
                        "leadignite.database.password=", "leadignite.database.app-password=")
                .run(ctx -> assertThat(failure(ctx)).contains("DATABASE_PASSWORD is required")
                        .contains("DATABASE_APP_PASSWORD is required"));
    }

    @Test
    void prodNeedsCaptchaSecretWithCaptchaUrl() {
        prod.withPropertyValues("CAPTCHA_VERIFY_URL=https://hcaptcha.example/siteverify")
                .run(ctx -> assertThat(failure(ctx)).contains("CAPTCHA_SECRET is required"));
    }

    @Test
    void prodNeedsSmtp() {
        prod.withPropertyValues("leadignite.mail.smtp.host=")
                .run(ctx -> assertThat(failure(ctx)).contains("SMTP_HOST is required"));
    }

    @Test
    void prodRefusesPlainSmtpToAnotherHost() {
        prod.withPropertyValues("leadignite.mail.smtp.tls=none")
                .run(ctx -> assertThat(failure(ctx)).contains("SMTP_TLS=none is only allowed"));
        prod.withPropertyValues("leadignite.mail.smtp.tls=none", "leadignite.mail.smtp.host=127.0.0.1")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }
}
