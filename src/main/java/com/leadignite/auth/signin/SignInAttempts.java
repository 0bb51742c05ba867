package com.leadignite.auth.signin;

/**
 * Brute-force protection around password checks (sign-in and reauthenticate). Implementations count
 * failures per account and per client IP; they never reveal whether an account exists or is locked.
 */
public interface SignInAttempts {

    /** What to do with an attempt before its password is checked. */
    enum Verdict { ALLOW, LOCKED }

    /**
     * Called before the password is verified. May throw an {@code AuthError} with code
     * {@code captcha_failed} when a captcha is required and missing or rejected.
     */
    Verdict before(String normalizedEmail, String clientIp, String captchaToken);

    void failed(String normalizedEmail, String clientIp);

    void succeeded(String normalizedEmail, String clientIp);
}
