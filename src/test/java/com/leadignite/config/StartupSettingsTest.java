package com.leadignite.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.db.DatabaseProperties;
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
                    "leadignite.cors.allowed-origins=https://app.example.com");

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
    void prodNeedsDatabasePasswordsForAnExternalDatabase() {
        prod.withPropertyValues("leadignite.database.url=jdbc:postgresql://db:5432/app")
                .run(ctx -> assertThat(failure(ctx)).contains("DATABASE_PASSWORD is required")
                        .contains("DATABASE_APP_PASSWORD is required"));
    }

    @Test
    void prodNeedsCaptchaSecretWithCaptchaUrl() {
        prod.withPropertyValues("CAPTCHA_VERIFY_URL=https://hcaptcha.example/siteverify")
                .run(ctx -> assertThat(failure(ctx)).contains("CAPTCHA_SECRET is required"));
    }
}
