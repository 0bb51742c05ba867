package com.leadignite.security;

import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/** A verified access token together with the database's view of its subject. */
public class UserAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final AuthenticatedUser user;

    public UserAuthentication(Jwt jwt, AuthenticatedUser user) {
        // No authorities: the role is the database's, known once the session is confirmed; services check it.
        super(jwt, user, jwt, List.of());
        this.user = user;
        setAuthenticated(true);
    }

    public AuthenticatedUser user() {
        return user;
    }

    @Override
    public java.util.Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }
}
