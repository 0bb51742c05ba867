package com.leadignite.auth;

import com.leadignite.config.AuthProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.db.Database;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.session.RefreshService;
import com.leadignite.auth.session.RefreshTokens;
import com.leadignite.auth.session.SessionIssuer;
import com.leadignite.auth.session.SessionRepository;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The refresh-reuse interval, exercised on the shared context's database with a refresh service built
 * for a 10 s interval (the shared configuration keeps the default of 0).
 */
@IntegrationTest
class RefreshReuseIntervalTest {

    @org.springframework.beans.factory.annotation.Autowired
    com.leadignite.security.ratelimit.SessionRefreshLimit perSessionLimit;

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Database tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountRepository users;
    @Autowired
    SessionIssuer issuer;
    @Autowired
    AuditWriter audit;
    @Autowired
    AuthProperties defaults;
    AuthTestClient auth;
    RefreshService tolerant;

    @BeforeEach
    void setUp() {
        auth = new AuthTestClient(port);
        AuthProperties tenSeconds = new AuthProperties(defaults.accessTokenTtl(), defaults.sessionLifetime(),
                defaults.sessionInactivity(), Duration.ofSeconds(10), defaults.stepUpMaxAge(), defaults.clockSkew(), null);
        tolerant = new RefreshService(tx, new SessionRepository(jdbc, tenSeconds), users, issuer, audit, perSessionLimit);
    }

    @AfterEach
    void cleanUp() {
        auth.cleanUp(fixtures);
    }

    @Test
    void withinTheIntervalAConcurrentReuseGetsASiblingAndOutsideItTheSessionDies() {
        JsonNode s = auth.signUpOrg();
        String a = s.get("refresh_token").asString();
        String b = tolerant.refresh(a, new org.springframework.mock.web.MockHttpServletResponse()).refreshToken();
        String c = tolerant.refresh(a, new org.springframework.mock.web.MockHttpServletResponse()).refreshToken();
        assertThat(c).isNotEqualTo(b);
        assertThat(tolerant.refresh(b, new org.springframework.mock.web.MockHttpServletResponse()).refreshToken()).isNotBlank();
        String d = tolerant.refresh(c, new org.springframework.mock.web.MockHttpServletResponse()).refreshToken();

        // Once the interval has passed, presenting the rotated token again is reuse.
        Fixtures.exec("update auth.refresh_tokens set rotated_at = now() - interval '20 seconds' where token_hash = ?",
                RefreshTokens.sha256(a));
        assertThatThrownBy(() -> tolerant.refresh(a, new org.springframework.mock.web.MockHttpServletResponse())).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.code()).isEqualTo("refresh_token_already_used"));
        assertThatThrownBy(() -> tolerant.refresh(d, new org.springframework.mock.web.MockHttpServletResponse())).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.code()).isEqualTo("session_not_found"));
    }

    @Test
    void withinTheIntervalATokenWhoseChildrenAreAllUsedIsStillReuse() {
        JsonNode s = auth.signUpOrg();
        String a = s.get("refresh_token").asString();
        String b = tolerant.refresh(a, new org.springframework.mock.web.MockHttpServletResponse()).refreshToken();
        tolerant.refresh(b, new org.springframework.mock.web.MockHttpServletResponse());
        assertThatThrownBy(() -> tolerant.refresh(a, new org.springframework.mock.web.MockHttpServletResponse())).isInstanceOfSatisfying(AuthError.class,
                e -> assertThat(e.code()).isEqualTo("refresh_token_already_used"));
    }

    @Test
    void theSharedConfigurationRevokesOnAnyReuse() {
        assertThat(defaults.refreshReuseInterval()).isEqualTo(Duration.ZERO);
    }
}
