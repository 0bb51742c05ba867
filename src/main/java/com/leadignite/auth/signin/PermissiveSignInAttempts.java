package com.leadignite.auth.signin;

import org.springframework.stereotype.Component;

/** Placeholder that counts nothing and allows every attempt; replaced by the brute-force protection. */
@Component
public class PermissiveSignInAttempts implements SignInAttempts {

    @Override
    public Verdict before(String normalizedEmail, String clientIp, String captchaToken) {
        return Verdict.ALLOW;
    }

    @Override
    public void failed(String normalizedEmail, String clientIp) {
    }

    @Override
    public void succeeded(String normalizedEmail, String clientIp) {
    }
}
