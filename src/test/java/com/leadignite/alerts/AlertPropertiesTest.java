package com.leadignite.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.SettingsBinding;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Alert settings: per-rule thresholds and windows with defaults; out-of-range values stop start-up by name. */
class AlertPropertiesTest {

    @Test
    void defaultsComeFromTheRulesAndEachRuleCanBeSet() {
        AlertProperties p = SettingsBinding.bind(AlertProperties.class,
                "leadignite.alerts.cross-org-probes.threshold=7", "leadignite.alerts.server-errors.window=2m");
        assertThat(p.threshold(AlertRule.CROSS_ORG_PROBES)).isEqualTo(7);
        assertThat(p.window(AlertRule.CROSS_ORG_PROBES)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.window(AlertRule.SERVER_ERRORS)).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.threshold(AlertRule.SIGN_IN_FAILURES_ACCOUNT)).isEqualTo(10);
        assertThat(p.quietPeriod()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.webhookEnabled()).isFalse();
    }

    @Test
    void valuesOutOfRangeNameTheSetting() {
        assertThat(SettingsBinding.failure(AlertProperties.class, "leadignite.alerts.sign-in-failures-ip.threshold=0"))
                .contains("leadignite.alerts.sign-in-failures-ip.threshold");
        assertThat(SettingsBinding.failure(AlertProperties.class, "leadignite.alerts.refresh-token-reuse.window=0s"))
                .contains("leadignite.alerts.refresh-token-reuse.window");
        assertThat(SettingsBinding.failure(AlertProperties.class, "leadignite.alerts.quiet-period=0s"))
                .contains("leadignite.alerts.quiet-period");
        assertThat(SettingsBinding.failure(AlertProperties.class, "leadignite.alerts.webhook-max-attempts=11"))
                .contains("leadignite.alerts.webhook-max-attempts");
    }

    @Test
    void aBadWebhookUrlIsRefusedWithoutEchoingIt() {
        String failure = SettingsBinding.failure(AlertProperties.class,
                "leadignite.alerts.webhook-url=ftp://hooks.example.test/services/T0/B0/secret-token");
        assertThat(failure).contains("ALERT_WEBHOOK_URL").doesNotContain("secret-token");
        AlertProperties ok = SettingsBinding.bind(AlertProperties.class,
                "leadignite.alerts.webhook-url=https://hooks.example.test/services/T0/B0/secret-token");
        assertThat(ok.webhookEnabled()).isTrue();
        assertThat(ok.toString()).doesNotContain("secret-token");
    }
}
