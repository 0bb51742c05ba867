package com.leadignite;

import com.leadignite.security.ratelimit.RateLimitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Says loudly that the dev profile (relaxed limits, text logs) is on, and refuses to run it together
 * with {@code prod}, where the relaxed limits would silently apply to real traffic.
 */
@Component
@Profile("dev")
class DevProfileNotice {

    private static final Logger log = LoggerFactory.getLogger(DevProfileNotice.class);

    DevProfileNotice(Environment env) {
        if (env.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("Profiles dev and prod cannot be active together: dev relaxes limits");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent event) {
        RateLimitProperties.Limit signUp = event.getApplicationContext().getBean(RateLimitProperties.class).signUp().perIp();
        log.warn("Profile dev is active (for a developer's machine, never production): readable console logs, "
                + "sign-up and invitations limited to {} per IP per {} minutes", signUp.quota(), signUp.window().toMinutes());
    }
}
