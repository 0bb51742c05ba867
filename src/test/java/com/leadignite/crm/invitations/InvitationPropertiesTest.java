package com.leadignite.crm.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.config.SettingsBinding;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvitationPropertiesTest {

    @Test
    void ttlOutsideItsBoundsFailsStartUp() {
        assertThat(SettingsBinding.failure(InvitationProperties.class, "leadignite.invitations.ttl=0s"))
                .contains("leadignite.invitations.ttl");
        assertThat(SettingsBinding.failure(InvitationProperties.class, "leadignite.invitations.ttl=31d"))
                .contains("leadignite.invitations.ttl");
        assertThat(SettingsBinding.bind(InvitationProperties.class).ttl()).isEqualTo(Duration.ofHours(72));
        assertThat(SettingsBinding.bind(InvitationProperties.class, "leadignite.invitations.ttl=30d").ttl())
                .isEqualTo(Duration.ofDays(30));
    }
}
