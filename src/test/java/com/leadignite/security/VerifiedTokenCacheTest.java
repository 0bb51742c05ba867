package com.leadignite.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.token.SigningKeys;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.TwoOrgTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Over real HTTP: a token that is already in the verified-token cache still stops working at once when
 * its session ends (sign-out, revocation), its user is locked, or its signing key leaves the key set.
 */
class VerifiedTokenCacheTest extends TwoOrgTest {

    static final String PATH = "/api/v1/leads";

    @Autowired
    JwtDecoder decoder;
    @Autowired
    SigningKeys keys;

    /** Two successful requests: the second one is served from the cache. */
    private void cached(TestUser u) {
        assertThat(decoder).isInstanceOf(CachingJwtDecoder.class);
        assertThat(((CachingJwtDecoder) decoder).isCached(u.token())).isFalse();
        assertThat(http.get(PATH, "Authorization", u.bearer()).status()).isEqualTo(200);
        assertThat(((CachingJwtDecoder) decoder).isCached(u.token())).isTrue();
        assertThat(http.get(PATH, "Authorization", u.bearer()).status()).isEqualTo(200);
    }

    @Test
    void signOutEndsACachedToken() {
        cached(agent);
        assertThat(http.post("/auth/v1/logout", null, "Authorization", agent.bearer()).status()).isEqualTo(204);
        assertThat(http.get(PATH, "Authorization", agent.bearer()).status()).isEqualTo(401);
    }

    @Test
    void revocationEndsACachedToken() {
        cached(user);
        Fixtures.exec("update auth.sessions set revoked_at = now() where id = ?", user.sessionId());
        assertThat(http.get(PATH, "Authorization", user.bearer()).status()).isEqualTo(401);
    }

    @Test
    void aLockEndsACachedToken() {
        cached(user);
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", user.id());
        assertThat(http.get(PATH, "Authorization", user.bearer()).status()).isEqualTo(401);
    }

    @Test
    void aKeyLeavingTheKeySetEndsItsCachedTokens() {
        cached(admin);
        keys.rotate(Duration.ZERO); // the old key stops verifying now, not after the usual overlap
        assertThat(http.get(PATH, "Authorization", admin.bearer()).status()).isEqualTo(401);
        TestUser fresh = fixtures.user(org, "admin");
        assertThat(http.get(PATH, "Authorization", fresh.bearer()).status()).isEqualTo(200);
    }
}
