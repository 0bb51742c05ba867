package com.leadignite.auth.api;

import java.util.Map;

/**
 * Request bodies under {@code /auth/v1}. Unknown fields are refused by the global Jackson setting; the
 * fields Supabase Auth defines but this service does not use ({@code code_challenge},
 * {@code code_challenge_method}, {@code channel}, {@code phone}, {@code current_password}, and {@code nonce}
 * everywhere but {@code PUT /user}) are declared so that {@code @supabase/auth-js} can send them, and ignored. {@code toString} never shows
 * a secret, so a debug log of a bound body cannot leak one.
 */
final class AuthRequests {

    private AuthRequests() {
    }

    /** {@code gotrue_meta_security}: where auth-js puts the captcha token. */
    record MetaSecurity(String captchaToken) {
        @Override
        public String toString() {
            return "MetaSecurity[captcha_token=" + (captchaToken == null ? "null" : "***") + "]";
        }
    }

    static String captcha(MetaSecurity m) {
        return m == null ? null : m.captchaToken();
    }

    record SignUp(String email, String password, Map<String, Object> data, MetaSecurity gotrueMetaSecurity,
                  Object codeChallenge, Object codeChallengeMethod, Object channel, Object phone,
                  Object currentPassword, Object nonce) {
        @Override
        public String toString() {
            return "SignUp[data_keys=" + (data == null ? "[]" : data.keySet()) + "]";
        }
    }

    /** The grants of {@code POST /token}; which fields count depends on {@code grant_type}. */
    record Token(String email, String password, String refreshToken, String authCode, String codeVerifier,
                 MetaSecurity gotrueMetaSecurity,
                 Object codeChallenge, Object codeChallengeMethod, Object channel, Object phone,
                 Object currentPassword, Object nonce) {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    record UserUpdate(String password, Map<String, Object> data, Object appMetadata, String email,
                      MetaSecurity gotrueMetaSecurity, Object codeChallenge, Object codeChallengeMethod,
                      Object channel, Object phone, Object currentPassword, Object nonce) {
        @Override
        public String toString() {
            return "UserUpdate[password=" + (password == null ? "absent" : "***") + ", data_keys="
                    + (data == null ? "[]" : data.keySet()) + "]";
        }
    }

    record Reauthenticate(String password, MetaSecurity gotrueMetaSecurity, Object codeChallenge,
                          Object codeChallengeMethod, Object channel, Object phone, Object currentPassword,
                          Object nonce) {
        @Override
        public String toString() {
            return "Reauthenticate[***]";
        }
    }

    /** {@code POST /recover}; {@code redirect_to} travels in the query, as auth-js sends it. */
    record Recover(String email, MetaSecurity gotrueMetaSecurity, Object codeChallenge, Object codeChallengeMethod) {
        @Override
        public String toString() {
            return "Recover[***]";
        }
    }

    /** {@code POST /resend}. */
    record Resend(String type, String email, MetaSecurity gotrueMetaSecurity, Object codeChallenge,
                  Object codeChallengeMethod, Object phone, Object options) {
        @Override
        public String toString() {
            return "Resend[type=" + type + "]";
        }
    }

    /** {@code POST /verify}: {@code token_hash}, or {@code email} and {@code token} (the 6-digit code). */
    record Verify(String type, String tokenHash, String email, String token, MetaSecurity gotrueMetaSecurity,
                  Object phone, Object options, Object redirectTo) {
        @Override
        public String toString() {
            return "Verify[type=" + type + "]";
        }
    }
}
