package com.leadignite.auth.oidc;

import com.leadignite.config.AuthProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks a provider's ID token (OpenID Connect Core §3.1.3.7): signed with an asymmetric algorithm of the
 * allow-list by a key of the provider's JWKS (never {@code none}, never HMAC: a client secret is not a key
 * this service accepts signatures with), {@code iss} exactly the configured issuer, {@code aud} containing the
 * client id ({@code azp} equal to it when there are several), {@code exp} in the future and {@code iat}
 * present, and {@code nonce} equal to the one this sign-in sent.
 */
@Component
public class IdTokenVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    private static final int MAX_LENGTH = 16 * 1024;

    private final AuthProperties auth;

    public IdTokenVerifier(AuthProperties auth) {
        this.auth = auth;
    }

    /** What a verified ID token says about the user. */
    public record Identity(String subject, String email, boolean emailVerified, JWTClaimsSet claims) {
        @Override
        public String toString() {
            return "Identity[***]";
        }
    }

    public Identity verify(OidcProviders.Discovered provider, String idToken, String nonce) {
        if (idToken == null || idToken.isEmpty() || idToken.length() > MAX_LENGTH) {
            throw new OidcFailure("id_token_missing");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, provider.keys()));
        // Mutable sets: Nimbus asks them whether they contain null, which Set.of answers with an exception.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(provider.config().clientId())),
                new JWTClaimsSet.Builder().issuer(provider.config().issuer()).claim("nonce", nonce).build(),
                new HashSet<>(Set.of("sub", "exp", "iat")), new HashSet<>());
        claims.setMaxClockSkew((int) auth.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set;
        try {
            set = processor.process(idToken, null);
        } catch (ParseException e) {
            throw new OidcFailure("id_token_malformed");
        } catch (BadJOSEException e) {
            throw new OidcFailure("id_token_rejected");
        } catch (JOSEException e) {
            throw new OidcFailure("id_token_keys_unavailable");
        }
        if (set.getAudience().size() > 1) {
            Object azp = set.getClaim("azp");
            if (!provider.config().clientId().equals(azp)) {
                throw new OidcFailure("id_token_rejected");
            }
        }
        String sub = set.getSubject();
        if (sub == null || sub.isEmpty() || sub.length() > 255) {
            throw new OidcFailure("id_token_rejected");
        }
        Object email = set.getClaim("email");
        Object verified = set.getClaim("email_verified");
        return new Identity(sub, email instanceof String s ? s : null,
                Boolean.TRUE.equals(verified), set);
    }
}
