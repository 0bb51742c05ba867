package com.leadignite.crm.invitations;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
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
public record InvitationProperties(
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30) @DefaultValue("72h") Duration ttl) {
}
