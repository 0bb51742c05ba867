package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The slow-client settings: typed, defaulted, and a wrong value stops the start. */
class HttpLimitSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({BodyLimitProperties.class, InFlightLimitProperties.class})
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            // the body limits' defaults (with their environment aliases) are in application.yml
            .withInitializer(new org.springframework.boot.test.context.ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Props.class);

    @Test
    void defaults() {
        runner.run(ctx -> {
            assertThat(ctx.getBean(BodyLimitProperties.class).readTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(ctx.getBean(BodyLimitProperties.class).defaultMax()).isEqualTo(org.springframework.util.unit.DataSize.ofKilobytes(64));
            assertThat(ctx.getBean(InFlightLimitProperties.class).perClient()).isEqualTo(32);
        });
    }

    @Test
    void wrongValuesFailTheStart() {
        runner.withPropertyValues("leadignite.http.in-flight.per-client=0").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("leadignite.http.body-limit.read-timeout=0s").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("leadignite.http.body-limit.read-timeout=1h").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("leadignite.http.body-limit.default-max=17MB").run(ctx -> assertThat(ctx)
                .getFailure().hasStackTraceContaining("leadignite.http.body-limit").hasStackTraceContaining("default-max"));
        runner.withPropertyValues("leadignite.http.body-limit.webhooks-max=0B").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("leadignite.http.in-flight.per-client=8", "leadignite.http.body-limit.read-timeout=30s")
                .run(ctx -> {
                    assertThat(ctx.getBean(InFlightLimitProperties.class).perClient()).isEqualTo(8);
                    assertThat(ctx.getBean(BodyLimitProperties.class).readTimeout()).isEqualTo(Duration.ofSeconds(30));
                });
    }
}
