package com.leadignite.auth.token;

import com.leadignite.config.AuthProperties;
import com.leadignite.config.AppProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs Supabase-shaped access tokens (API.md §2) with the active signing key. */
@Component
public class AccessTokenIssuer {

    private final SigningKeys keys;
    private final AppProperties app;
    private final AuthProperties props;
    private final Clock clock;

    public AccessTokenIssuer(SigningKeys keys, AppProperties app, AuthProperties props, Clock clock) {
        this.keys = keys;
        this.app = app;
        this.props = props;
        this.clock = clock;
    }

    public static final String AAL1 = "aal1";
    public static final String AAL2 = "aal2";

    /**
     * What a token says about its subject; every value comes from the database. {@code provider} is the
     * user row's, the same value the user object's {@code app_metadata.provider} shows.
     */
    public record Subject(UUID userId, UUID orgId, String role, String email, String provider,
                          Map<String, Object> userMetadata, UUID sessionId, List<AmrEntry> amr, String aal) {

        /** A subject that has proved no second factor ({@code aal1}). */
        public Subject(UUID userId, UUID orgId, String role, String email, String provider,
                       Map<String, Object> userMetadata, UUID sessionId, List<AmrEntry> amr) {
            this(userId, orgId, role, email, provider, userMetadata, sessionId, amr, AAL1);
        }

        public Subject {
            if (!AAL1.equals(aal) && !AAL2.equals(aal)) {
                throw new IllegalArgumentException("aal must be aal1 or aal2");
            }
            if (provider == null || provider.isBlank()) {
                throw new IllegalArgumentException("provider is required");
            }
        }
    }

    public record AmrEntry(String method, long timestamp) {
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(Subject s) {
        Instant now = clock.instant();
        Instant exp = now.plus(props.accessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(app.issuer())
                .audience("authenticated")
                .subject(s.userId().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .claim("email", s.email())
                .claim("phone", "")
                .claim("role", "authenticated")
                .claim("aal", s.aal())
                .claim("amr", s.amr().stream().map(a -> Map.of("method", a.method(), "timestamp", a.timestamp())).toList())
                .claim("session_id", s.sessionId().toString())
                .claim("is_anonymous", false)
                .claim("app_metadata", Map.of("provider", s.provider(), "providers", List.of(s.provider()),
                        "org_id", s.orgId().toString(), "role", s.role()))
                .claim("user_metadata", s.userMetadata() == null ? Map.of() : s.userMetadata())
                .build();
        ECKey key = keys.active();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        // Supabase serializes a single audience as a plain string; Nimbus does the same.
        return new Issued(jwt.serialize(), exp);
    }
}
