package com.leadignite.auth.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.signin.SignInAttempts.Verdict;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The wired component: one SignInAttempts bean, the lock audited in the account's org, sessions kept. */
@IntegrationTest
class BruteForceIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SignInAttempts attempts;
    @Autowired
    ApplicationContext context;

    UUID orgId;

    @BeforeEach
    void setUp() {
        orgId = fixtures.createOrg("bf-integration");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(orgId);
    }

    @Test
    void lockoutIsAuditedAndLeavesExistingSessionsAlone() throws Exception {
        assertThat(context.getBeansOfType(SignInAttempts.class)).hasSize(1);
        assertThat(attempts).isInstanceOf(BruteForceProtection.class);
        var user = fixtures.user(orgId, "agent");
        String ip = "198.51.100." + (1 + (int) (Math.random() * 200));
        for (int i = 0; i < 10; i++) {
            assertThat(attempts.before(user.email(), ip, null)).isEqualTo(Verdict.ALLOW);
            attempts.failed(user.email(), ip);
        }
        assertThat(attempts.before(user.email(), ip, null)).isEqualTo(Verdict.LOCKED);

        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("""
                     select org_id, entity_type, entity_id, outcome, details->>'reason'
                       from public.audit_events where action = 'lock' and entity_id = ?""")) {
            ps.setString(1, user.id().toString());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(orgId);
                assertThat(rs.getString(2)).isEqualTo("user");
                assertThat(rs.getString(4)).isEqualTo("success");
                assertThat(rs.getString(5)).isEqualTo("brute_force");
                assertThat(rs.next()).isFalse();
            }
        }

        // A brute-force lockout blocks new sign-ins only: the existing session keeps working.
        Http.Response r = new Http(port).get("/api/v1/no-such-thing", "Authorization", user.bearer());
        assertThat(r.status()).isEqualTo(404);

        ((BruteForceProtection) attempts).clear(user.email());
        assertThat(attempts.before(user.email(), ip, null)).isEqualTo(Verdict.ALLOW);
    }
}
