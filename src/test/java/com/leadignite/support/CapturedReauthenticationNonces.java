package com.leadignite.support;

import com.leadignite.auth.reauth.ReauthenticationNonceSender;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The tests' stand-in for a mail transport: remembers the last reauthentication code sent to each
 * address, so a test can read what the user would find in their mailbox. Registered as the primary
 * sender in every test context (META-INF/spring.factories), which keeps the shared context shared.
 */
public class CapturedReauthenticationNonces implements ReauthenticationNonceSender {

    private final Map<String, String> lastByEmail = new ConcurrentHashMap<>();

    @Override
    public void send(UUID userId, String email, String nonce) {
        lastByEmail.put(email.toLowerCase(java.util.Locale.ROOT), nonce);
    }

    public Optional<String> last(String email) {
        return Optional.ofNullable(lastByEmail.get(email.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Adds the bean to every test application context. */
    public static class Registrar implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext ctx) {
            if (ctx instanceof GenericApplicationContext g) {
                g.registerBean(CapturedReauthenticationNonces.class, CapturedReauthenticationNonces::new,
                        bd -> bd.setPrimary(true));
            }
        }
    }
}
