package com.leadignite.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A verified token of the configured external Supabase project becomes the linked local user, with the
 * org and role of our database. Such a caller has no local session ({@code sessionId} null): the external
 * project owns its session, and its token's expiry bounds it.
 */
public class ExternalTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final ExternalIdentityLookup identities;

    public ExternalTokenAuthenticationConverter(ExternalIdentityLookup identities) {
        this.identities = identities;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        var live = identities.find(jwt.getSubject()).orElseThrow(SessionRevokedException::new);
        var user = new AuthenticatedUser(live.userId(), live.orgId(), AuthenticatedUser.Role.valueOf(live.role()), live.email(), null,
                AccessTokenAuthenticationConverter.newestPasswordAuth(jwt));
        return new UserAuthentication(jwt, user);
    }
}
