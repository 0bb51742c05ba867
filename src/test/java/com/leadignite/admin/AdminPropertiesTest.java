package com.leadignite.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code leadignite.operator-org-id}: optional, and a UUID when set. */
class AdminPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AdminProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetOrEmptyMeansNoOperatorOrg() {
        runner.run(ctx -> assertThat(ctx.getBean(AdminProperties.class).operatorOrgId()).isNull());
        // application.yml maps an unset LEADIGNITE_OPERATOR_ORG_ID to an empty value
        runner.withPropertyValues("leadignite.operator-org-id=")
                .run(ctx -> assertThat(ctx.getBean(AdminProperties.class).operatorOrgId()).isNull());
    }

    @Test
    void aUuidIsTaken() {
        UUID id = UUID.randomUUID();
        runner.withPropertyValues("leadignite.operator-org-id=" + id)
                .run(ctx -> assertThat(ctx.getBean(AdminProperties.class).operatorOrgId()).isEqualTo(id));
    }

    @Test
    void anythingElseStopsStartUpNamingTheSetting() {
        runner.withPropertyValues("leadignite.operator-org-id=the-operators").run(ctx -> {
            assertThat(ctx).hasFailed();
            StringBuilder all = new StringBuilder();
            for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertThat(all.toString()).contains("leadignite.operator-org-id");
        });
    }
}
