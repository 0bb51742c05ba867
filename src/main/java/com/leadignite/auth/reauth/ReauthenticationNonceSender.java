package com.leadignite.auth.reauth;

import java.util.UUID;

/**
 * Delivers a reauthentication code to the user (GoTrue mails it). The mail transport implements this;
 * until one is configured, {@link NoMailTransport} stands in.
 */
public interface ReauthenticationNonceSender {

    void send(UUID userId, String email, String nonce);
}
