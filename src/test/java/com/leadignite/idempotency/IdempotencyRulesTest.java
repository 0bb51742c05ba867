package com.leadignite.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.SettingsBinding;
import com.leadignite.support.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Key syntax, request fingerprints and settings, without the server. */
class IdempotencyRulesTest {

    @Test
    void keysAreOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotencyKey.valid("a")).isTrue();
        assertThat(IdempotencyKey.valid("8e03978e-40d5-43e8-bc93-6894a57f9324")).isTrue();
        assertThat(IdempotencyKey.valid("\"quoted form\"")).isTrue();
        assertThat(IdempotencyKey.valid("x".repeat(255))).isTrue();
        assertThat(IdempotencyKey.valid("x".repeat(256))).isFalse();
        assertThat(IdempotencyKey.valid("")).isFalse();
        assertThat(IdempotencyKey.valid(null)).isFalse();
        assertThat(IdempotencyKey.valid("tab\t")).isFalse();
        assertThat(IdempotencyKey.valid("nl\n")).isFalse();
        assertThat(IdempotencyKey.valid("del\u007f")).isFalse();
        assertThat(IdempotencyKey.valid("caf\u00e9")).isFalse();
    }

    @Test
    void theFingerprintIgnoresMemberOrderAndWhitespaceOnly() {
        var a = Http.JSON.readTree("{\"b\":1,\"a\":{\"y\":[1,{\"q\":2,\"p\":3}],\"x\":null}}");
        var b = Http.JSON.readTree(" { \"a\" : { \"x\" : null , \"y\" : [ 1 , { \"p\":3, \"q\":2 } ] } , \"b\" : 1 } ");
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads", a)).isEqualTo(RequestFingerprint.of("POST", "/api/v1/leads", b));
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads", a)).hasSize(32);

        var arrayOrder = Http.JSON.readTree("{\"b\":1,\"a\":{\"y\":[{\"q\":2,\"p\":3},1],\"x\":null}}");
        var otherValue = Http.JSON.readTree("{\"b\":2,\"a\":{\"y\":[1,{\"q\":2,\"p\":3}],\"x\":null}}");
        var stringNotNumber = Http.JSON.readTree("{\"b\":\"1\",\"a\":{\"y\":[1,{\"q\":2,\"p\":3}],\"x\":null}}");
        byte[] base = RequestFingerprint.of("POST", "/api/v1/leads", a);
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads", arrayOrder)).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads", otherValue)).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads", stringNotNumber)).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/api/v1/leads/1/calls", a)).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("PUT", "/api/v1/leads", a)).isNotEqualTo(base);
    }

    @Test
    void settingsDefaultTo24HoursAndRefuseNonsense() {
        var ok = new IdempotencyProperties(Duration.ofHours(24), Duration.ofMinutes(2), Duration.ofMinutes(10));
        assertThat(ok.ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(SettingsBinding.failure(IdempotencyProperties.class, "leadignite.idempotency.ttl=5s",
                "leadignite.idempotency.in-progress-timeout=1s")).contains("leadignite.idempotency.ttl");
        assertThat(SettingsBinding.failure(IdempotencyProperties.class, "leadignite.idempotency.ttl=31d"))
                .contains("leadignite.idempotency.ttl");
        assertThat(SettingsBinding.failure(IdempotencyProperties.class, "leadignite.idempotency.ttl=5m",
                "leadignite.idempotency.in-progress-timeout=5m")).contains("in-progress-timeout");
        assertThat(SettingsBinding.failure(IdempotencyProperties.class, "leadignite.idempotency.in-progress-timeout=1s"))
                .contains("leadignite.idempotency.in-progress-timeout");
        assertThat(SettingsBinding.failure(IdempotencyProperties.class, "leadignite.idempotency.cleanup-interval=1ms"))
                .contains("leadignite.idempotency.cleanup-interval");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IdempotencyProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void startUpUsesTheDefaultsAndFailsOnAWrongSettingNamingIt() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            var p = ctx.getBean(IdempotencyProperties.class);
            assertThat(p.ttl()).isEqualTo(Duration.ofHours(24));
            assertThat(p.inProgressTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.cleanupInterval()).isEqualTo(Duration.ofMinutes(10));
        });
        context.withPropertyValues("leadignite.idempotency.ttl=31d")
                .run(ctx -> assertThat(failure(ctx)).contains("leadignite.idempotency", "ttl"));
        context.withPropertyValues("leadignite.idempotency.ttl=1h", "leadignite.idempotency.in-progress-timeout=1h")
                .run(ctx -> assertThat(failure(ctx)).contains("in-progress-timeout must be shorter"));
        context.withPropertyValues("leadignite.idempotency.ttl=soon")
                .run(ctx -> assertThat(failure(ctx)).contains("leadignite.idempotency.ttl"));
    }

    private static String failure(AssertableApplicationContext ctx) {
        assertThat(ctx).hasFailed();
        StringBuilder all = new StringBuilder();
        for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
