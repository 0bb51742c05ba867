package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.resources.PasswordHashingBulkhead;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With every hashing permit taken, a sign-in gets a fast GoTrue 429, never a 500. */
@IntegrationTest
class SignInUnderFullBulkheadTest {

    @LocalServerPort
    int port;
    @Autowired
    PasswordHashingBulkhead bulkhead;

    @Test
    void aSignInThatFindsTheBulkheadFullIsRefusedWith429() throws Exception {
        CountDownLatch held = new CountDownLatch(bulkhead.permits());
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> holders = new ArrayList<>();
        for (int i = 0; i < bulkhead.permits(); i++) {
            Thread t = new Thread(() -> bulkhead.run(() -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            t.start();
            holders.add(t);
        }
        held.await();
        try {
            Http.Response r = new Http(port).post("/auth/v1/token?grant_type=password",
                    Map.of("email", AuthTestClient.email("busy"), "password", "whatever-password-1"));
            assertThat(r.status()).as(r.body()).isEqualTo(429);
            assertThat(r.header("x-sb-error-code")).isEqualTo("over_request_rate_limit");
            assertThat(r.header("Retry-After")).isNotNull();
        } finally {
            release.countDown();
            for (Thread t : holders) {
                t.join();
            }
        }
    }
}
