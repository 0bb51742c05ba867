package com.leadignite.auth.reauth;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * No mail transport is configured: the code cannot reach the user, so it is dropped and a warning says so
 * (naming the user, never the address or the code). The code stays stored and usable until it expires,
 * so delivery is the only thing a mail transport has to add.
 */
@Component
class NoMailTransport implements ReauthenticationNonceSender {

    private static final Logger log = LoggerFactory.getLogger(NoMailTransport.class);

    @Override
    public void send(UUID userId, String email, String nonce) {
        log.warn("reauthentication code for user {} not sent: no mail transport is configured", userId);
    }
}
