package com.leadignite.security;

import com.leadignite.db.DbClaimsSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims each transaction carries for row-level security, built from the database-confirmed caller
 * (never copied from the token), with {@code role} set as PostgREST does.
 */
@Component
public class SecurityContextClaims implements DbClaimsSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String currentClaimsJson() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth instanceof UserAuthentication ua)) {
            return null;
        }
        return claimsJson(ua.user());
    }

    public static String claimsJson(AuthenticatedUser u) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", u.id().toString());
        claims.put("role", "authenticated");
        claims.put("email", u.email());
        claims.put("session_id", u.sessionId() == null ? null : u.sessionId().toString());
        claims.put("app_metadata", Map.of("org_id", u.orgId().toString(), "role", u.role().name()));
        return JSON.writeValueAsString(claims);
    }
}
