package com.leadignite.crm.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvitationPropertiesTest {

    @Test
    void ttlOutsideItsBoundsFailsStartUp() {
        assertThatThrownBy(() -> new InvitationProperties(Duration.ZERO)).hasMessageContaining("leadignite.invitations.ttl");
        assertThatThrownBy(() -> new InvitationProperties(Duration.ofDays(31))).hasMessageContaining("leadignite.invitations.ttl");
        assertThat(new InvitationProperties(Duration.ofHours(72)).ttl()).isEqualTo(Duration.ofHours(72));
    }
}
