package com.leadignite.security;

import com.leadignite.config.AuthProperties;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Answers tokens whose {@code iss} is none of ours exactly as before (401, invalid issuer), but when such
 * a token carries a valid signature of one of our own keys, another instance on this database signed it
 * under a different issuer (a different {@code PUBLIC_BASE_URL}, or none and another port): that is a
 * deployment mistake, so it is logged as a warning, once per issuer (at most {@value #MAX_REPORTED}
 * issuers, so forged tokens cannot flood the log; unsigned ones never get that far).
 */
final class ForeignIssuerWarning implements AuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(ForeignIssuerWarning.class);
    static final int MAX_REPORTED = 16;

    private final NimbusJwtDecoder signedByUs;
    private final String ourIssuer;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ForeignIssuerWarning(VerificationKeys keys, String ourIssuer, AuthProperties auth) {
        this.signedByUs = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.ES256).build();
        this.signedByUs.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(auth.clockSkew()))));
        this.ourIssuer = ourIssuer;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (authentication instanceof BearerTokenAuthenticationToken bearer && reported.size() < MAX_REPORTED) {
            try {
                Jwt jwt = signedByUs.decode(bearer.getToken());
                String iss = jwt.getClaimAsString("iss");
                if (iss != null && iss.length() <= 200 && reported.size() < MAX_REPORTED && reported.add(iss)) {
                    log.warn("Refused a token signed with this deployment's key but issued as {} (this instance issues "
                            + "and accepts {}): instances sharing a database must share one PUBLIC_BASE_URL", iss, ourIssuer);
                }
            } catch (JwtException e) {
                // not signed by us, or expired: an ordinary invalid token
            }
        }
        throw new InvalidBearerTokenException("Invalid issuer");
    }
}
