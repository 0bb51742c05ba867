package com.leadignite.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** Turns a verified JWT into a {@link UserAuthentication}, or refuses it when its session is not live. */
@Component
public class AccessTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SessionLookup sessions;

    public AccessTokenAuthenticationConverter(SessionLookup sessions) {
        this.sessions = sessions;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UUID userId = uuid(jwt.getSubject());
        UUID sessionId = uuid(jwt.getClaimAsString("session_id"));
        if (userId == null || sessionId == null) {
            throw new SessionRevokedException();
        }
        SessionLookup.LiveSession live = sessions.find(sessionId, userId).orElseThrow(SessionRevokedException::new);
        var user = new AuthenticatedUser(live.userId(), live.orgId(), live.role(), live.email(), sessionId,
                newestPasswordAuth(jwt));
        return new UserAuthentication(jwt, user);
    }

    /** Newest {@code amr} entry with method {@code password}, or null. */
    static Instant newestPasswordAuth(Jwt jwt) {
        Object amr = jwt.getClaims().get("amr");
        if (!(amr instanceof List<?> entries)) {
            return null;
        }
        return entries.stream()
                .filter(Map.class::isInstance).map(Map.class::cast)
                .filter(e -> "password".equals(e.get("method")) && e.get("timestamp") instanceof Number)
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
