package com.leadignite.crm.invitations;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Invitation settings.
 *
 * @param ttl how long an invitation token can be redeemed (default 72h; 1 minute .. 30 days)
 */
@Validated
@ConfigurationProperties("leadignite.invitations")
public record InvitationProperties(@NotNull @DefaultValue("72h") Duration ttl) {

    public InvitationProperties {
        if (ttl != null && (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0)) {
            throw new IllegalArgumentException("leadignite.invitations.ttl must be between 1 minute and 30 days");
        }
    }
}
