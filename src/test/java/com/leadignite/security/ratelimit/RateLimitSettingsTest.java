package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** Every number is configurable; a wrong one stops the start with a message naming the setting. */
class RateLimitSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({RateLimitProperties.class, RedisProperties.class})
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    @Test
    void defaultsAreTheApiTable() {
        runner.run(ctx -> {
            RateLimitProperties props = ctx.getBean(RateLimitProperties.class);
            assertThat(props.enabled()).isTrue();
            assertLimit(props.signIn().perIp(), 10, Duration.ofMinutes(1));
            assertLimit(props.signUp().perIp(), 5, Duration.ofHours(1));
            assertLimit(props.refresh().perIp(), 60, Duration.ofMinutes(1));
            assertLimit(props.refresh().perKey(), 30, Duration.ofMinutes(1));
            assertLimit(props.leadCapture().perIp(), 20, Duration.ofMinutes(1));
            assertLimit(props.leadCapture().perKey(), 1000, Duration.ofHours(1));
            assertLimit(props.webhooks().perIp(), 600, Duration.ofMinutes(1));
            assertLimit(props.general().perIp(), 1200, Duration.ofMinutes(1));
            assertLimit(props.general().perKey(), 600, Duration.ofMinutes(1));
            assertThat(props.signIn().perKey()).isNull();
            assertThat(props.signUp().perKey()).isNull();
            assertThat(props.webhooks().perKey()).isNull();
        });
    }

    private static void assertLimit(RateLimitProperties.Limit l, long q, Duration w) {
        assertThat(l.quota()).isEqualTo(q);
        assertThat(l.window()).isEqualTo(w);
    }

    @Test
    void partialOverridesKeepTheOtherDefaults() {
        runner.withPropertyValues("leadignite.rate-limit.sign-in.per-ip.quota=4",
                "leadignite.rate-limit.general.per-key.window=2m").run(ctx -> {
            RateLimitProperties p = ctx.getBean(RateLimitProperties.class);
            assertThat(p.signIn().perIp().quota()).isEqualTo(4);
            assertThat(p.signIn().perIp().window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.general().perKey().quota()).isEqualTo(600);
            assertThat(p.general().perKey().window()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.webhooks().perIp().quota()).isEqualTo(600);
        });
    }

    @Test
    void wrongNumbersFailTheStart() {
        runner.withPropertyValues("leadignite.rate-limit.general.per-ip.quota=0")
                .run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("leadignite.rate-limit.webhooks.per-ip.window=0s")
                .run(ctx -> assertThat(ctx.getStartupFailure()).hasStackTraceContaining("window").hasStackTraceContaining("leadignite.rate-limit"));
        runner.withPropertyValues("leadignite.redis.url=http://127.0.0.1:6379")
                .run(ctx -> assertThat(ctx.getStartupFailure()).hasStackTraceContaining("REDIS_URL"));
        runner.withPropertyValues("leadignite.redis.command-timeout=0ms")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void redisSettingsNeverPrintTheUrl() {
        assertThat(new RedisProperties("redis://user:hunter2@127.0.0.1:6379", "li:", Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(5)).toString()).doesNotContain("hunter2");
    }
}
