package com.leadignite.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/** A verified access token together with the database's view of its subject. */
public class UserAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final AuthenticatedUser user;

    public UserAuthentication(Jwt jwt, AuthenticatedUser user) {
        super(jwt, user, jwt, List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name().toUpperCase())));
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
