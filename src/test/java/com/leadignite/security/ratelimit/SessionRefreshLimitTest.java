package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

/** The refresh grant's per-session limit (30 / min by default), as the refresh code will call it. */
@IntegrationTest
class SessionRefreshLimitTest {

    @Autowired
    SessionRefreshLimit limit;

    @Test
    void thirtyFirstRefreshOfASessionWithinAMinuteIsRefused() {
        UUID session = UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            MockHttpServletResponse res = new MockHttpServletResponse();
            limit.check(session, null, null, res);
            assertThat(res.getHeader("RateLimit-Policy")).isEqualTo("\"session\";q=30;w=60");
        }
        MockHttpServletResponse res = new MockHttpServletResponse();
        assertThatThrownBy(() -> limit.check(session, null, null, res)).isInstanceOfSatisfying(com.leadignite.security.ratelimit.RateLimitExceededException.class,
                e -> assertThat(e.getHeaders().getFirst("Retry-After")).isNotNull());
        assertThat(res.getHeader("RateLimit")).startsWith("\"session\";r=0;");
        // Another session is unaffected.
        limit.check(UUID.randomUUID(), null, null, new MockHttpServletResponse());
    }
}
