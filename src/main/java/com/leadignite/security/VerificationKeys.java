package com.leadignite.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The keys access tokens are verified with. The issuing side ({@code auth.token.SigningKeys}) implements
 * it; the verifying side depends only on this, so the request pipeline needs nothing of the auth feature.
 */
public interface VerificationKeys extends JWKSource<SecurityContext>, JWSKeySelector<SecurityContext> {

    /** Whether {@code kid} is one of the keys tokens are currently verified with. */
    boolean isVerifying(String kid);
}
