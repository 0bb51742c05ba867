package com.leadignite.security;

import com.leadignite.config.AuthProperties;
import com.leadignite.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Turns a verified JWT into a {@link UserAuthentication} whose session the request's first transaction
 * (or its first question about org or role) confirms: no database round trip of its own here.
 */
@Component
public class AccessTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final Database database;
    private final AuthProperties props;

    public AccessTokenAuthenticationConverter(Database database, AuthProperties props) {
        this.database = database;
        this.props = props;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UUID userId = uuid(jwt.getSubject());
        UUID sessionId = uuid(jwt.getClaimAsString("session_id"));
        if (userId == null || sessionId == null) {
            throw new SessionRevokedException();
        }
        var user = AuthenticatedUser.ofSession(userId, sessionId, newestPasswordAuth(jwt), database,
                props.sessionInactivity());
        return new UserAuthentication(jwt, user);
    }

    /**
     * Newest {@code amr} entry of a fresh authentication, or null: a password, or a mailed one-time token
     * ({@code otp}: recovery, confirmation), which proves the mailbox as Supabase treats it, so a user who
     * recovered an account can set a new password with that session.
     */
    static Instant newestPasswordAuth(Jwt jwt) {
        Object amr = jwt.getClaims().get("amr");
        if (!(amr instanceof List<?> entries)) {
            return null;
        }
        return entries.stream()
                .filter(Map.class::isInstance).map(Map.class::cast)
                .filter(e -> ("password".equals(e.get("method")) || "otp".equals(e.get("method")))
                        && e.get("timestamp") instanceof Number)
                .map(e -> Instant.ofEpochSecond(((Number) e.get("timestamp")).longValue()))
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
    }

    private static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
