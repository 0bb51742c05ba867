package com.leadignite.auth.signin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.signin.SignInAttempts.Verdict;
import com.leadignite.support.RedisSupport;
import com.leadignite.security.ratelimit.CounterStore;
import com.leadignite.security.ratelimit.InMemoryCounterStore;
import com.leadignite.security.ratelimit.RedisCounterStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The brute-force component on its own: in-process counters on a hand-moved clock, and real Redis. */
class BruteForceProtectionTest {

    static WireMockServer captchaServer;

    record Lock(String email, Map<String, Object> details) {
    }

    final MutableClock clock = new MutableClock();
    final List<Lock> audited = new ArrayList<>();
    final BruteForceProperties props = new BruteForceProperties(Duration.ofMinutes(15), 3, 10,
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(24), 30, Duration.ofMinutes(15));
    String email;

    @BeforeAll
    static void startCaptcha() {
        captchaServer = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        captchaServer.start();
    }

    @AfterAll
    static void stopCaptcha() {
        captchaServer.stop();
    }

    @BeforeEach
    void stubs() {
        captchaServer.resetAll();
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}")));
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=good-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"success\":true}")));
        email = "victim-" + UUID.randomUUID() + "@example.test";
    }

    CaptchaVerifier captcha() {
        return new CaptchaVerifier(new CaptchaProperties("http://127.0.0.1:" + captchaServer.port() + "/siteverify",
                "test-secret", Duration.ofSeconds(1)), tools.jackson.databind.json.JsonMapper.builder().build());
    }

    CaptchaVerifier noCaptcha() {
        return new CaptchaVerifier(new CaptchaProperties("", "", Duration.ofSeconds(1)), tools.jackson.databind.json.JsonMapper.builder().build());
    }

    BruteForceProtection protection(CaptchaVerifier captcha, CounterStore store) {
        return new BruteForceProtection(props, captcha, store, (e, d) -> audited.add(new Lock(e, d)), new SimpleMeterRegistry());
    }

    BruteForceProtection local(CaptchaVerifier captcha) {
        return protection(captcha, new InMemoryCounterStore(clock));
    }

    static void fail(BruteForceProtection p, String email, String ip, int times) {
        for (int i = 0; i < times; i++) {
            p.failed(email, ip);
        }
    }

    static void assertCaptchaFailed(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(AuthError.class, e -> {
            assertThat(e.code()).isEqualTo("captcha_failed");
            assertThat(e.status().value()).isEqualTo(400);
        });
    }

    @Test
    void captchaIsRequiredFromTheThirdFailure() {
        BruteForceProtection p = local(captcha());
        fail(p, email, "198.51.100.1", 2);
        assertThat(p.before(email, "198.51.100.1", null)).isEqualTo(Verdict.ALLOW); // the 3rd attempt needs none
        p.failed(email, "198.51.100.1");
        assertCaptchaFailed(() -> p.before(email, "198.51.100.1", null)); // the 4th does
        assertCaptchaFailed(() -> p.before(email, "198.51.100.1", ""));
        assertCaptchaFailed(() -> p.before(email, "198.51.100.1", "forged"));
        assertThat(p.before(email, "198.51.100.1", "good-token")).isEqualTo(Verdict.ALLOW);
        captchaServer.verify(postRequestedFor(urlEqualTo("/siteverify"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("secret=test-secret"))
                .withRequestBody(containing("response=good-token"))
                .withRequestBody(containing("remoteip=198.51.100.1")));
        // Another account from the same address needs no captcha.
        assertThat(p.before("other-" + email, "198.51.100.1", null)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void withoutACaptchaVerifierNoneIsAskedButLockoutStillApplies() {
        BruteForceProtection p = local(noCaptcha());
        fail(p, email, "198.51.100.2", 9);
        assertThat(p.before(email, "198.51.100.2", null)).isEqualTo(Verdict.ALLOW);
        p.failed(email, "198.51.100.2");
        assertThat(p.before(email, "198.51.100.2", null)).isEqualTo(Verdict.LOCKED);
    }

    @Test
    void tenthFailureLocksWithGrowingDurationUpToTheCap() {
        BruteForceProtection p = local(noCaptcha());
        fail(p, email, "198.51.100.3", 9);
        assertThat(p.lockedFor(email)).isZero();
        assertThat(audited).isEmpty();
        p.failed(email, "198.51.100.3");
        assertThat(p.before(email, "198.51.100.3", null)).isEqualTo(Verdict.LOCKED);
        assertThat(p.lockedFor(email)).isEqualTo(Duration.ofMinutes(1));
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).email()).isEqualTo(email);
        assertThat(audited.get(0).details()).containsEntry("scope", "account");

        // Failures while locked neither count nor extend the lock.
        clock.advance(Duration.ofSeconds(30));
        fail(p, email, "198.51.100.3", 5);
        assertThat(p.lockedFor(email)).isEqualTo(Duration.ofSeconds(30));
        assertThat(audited).hasSize(1);

        // From any address: the lock is on the account.
        assertThat(p.before(email, "203.0.113.50", null)).isEqualTo(Verdict.LOCKED);

        List<Duration> locks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(p.lockedFor(email).plusSeconds(1));
            assertThat(p.before(email, "198.51.100.3", null)).isEqualTo(Verdict.ALLOW);
            p.failed(email, "198.51.100.3"); // still ≥ 10 failures in the window: locks again, longer
            locks.add(p.lockedFor(email));
        }
        assertThat(locks).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    @Test
    void lockExpiresAndFailuresAgeOutOfTheWindow() {
        BruteForceProtection p = local(captcha());
        fail(p, email, "198.51.100.4", 5);
        assertCaptchaFailed(() -> p.before(email, "198.51.100.4", null));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(p.before(email, "198.51.100.4", null)).isEqualTo(Verdict.ALLOW);
        fail(p, email, "198.51.100.4", 9);
        assertThat(p.before(email, "198.51.100.4", "good-token")).isEqualTo(Verdict.ALLOW); // 9 in the new window
    }

    @Test
    void successResetsTheCountAndClearEndsALockout() {
        BruteForceProtection p = local(captcha());
        fail(p, email, "198.51.100.5", 4);
        p.succeeded(email, "198.51.100.5");
        assertThat(p.before(email, "198.51.100.5", null)).isEqualTo(Verdict.ALLOW);

        fail(p, email, "198.51.100.5", 10);
        assertThat(p.before(email, "198.51.100.5", "good-token")).isEqualTo(Verdict.LOCKED);
        p.clear(email);
        assertThat(p.lockedFor(email)).isZero();
        assertThat(p.before(email, "198.51.100.5", null)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void lockedAndUnknownAccountsAnswerLikeAnyOther() {
        BruteForceProtection p = local(captcha());
        fail(p, email, "198.51.100.6", 10);
        // A locked account still asks for the captcha first, like any account with failures: its answer
        // without one is the same captcha_failed as an unlocked account's, so the lock is not revealed.
        assertCaptchaFailed(() -> p.before(email, "198.51.100.6", null));
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        fail(p, unknown, "198.51.100.7", 3);
        assertCaptchaFailed(() -> p.before(unknown, "198.51.100.7", null));
    }

    @Test
    void manyAccountsFromOneAddressBlockThatAddress() {
        BruteForceProtection p = local(noCaptcha());
        for (int i = 0; i < 29; i++) {
            p.failed("spray-" + i + "-" + email, "203.0.113.66");
        }
        assertThat(p.before("fresh-" + email, "203.0.113.66", null)).isEqualTo(Verdict.ALLOW);
        p.failed("spray-29-" + email, "203.0.113.66");
        assertThat(p.before("fresh-" + email, "203.0.113.66", null)).isEqualTo(Verdict.LOCKED);
        assertThat(p.before("fresh-" + email, "203.0.113.67", null)).isEqualTo(Verdict.ALLOW);
        assertThat(audited).anySatisfy(l -> {
            assertThat(l.email()).isNull();
            assertThat(l.details()).containsEntry("scope", "client_ip");
        });
        clock.advance(Duration.ofMinutes(16));
        assertThat(p.before("fresh-" + email, "203.0.113.66", null)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void rotatingIpv6AddressesOfOneNetworkCountAsOneAddress() {
        BruteForceProtection p = local(noCaptcha());
        for (int i = 0; i < 30; i++) {
            p.failed("spray6-" + i + "-" + email, "2001:db8:5:6::" + Integer.toHexString(i + 1));
        }
        assertThat(p.before("fresh-" + email, "2001:db8:5:6:ffff::1", null)).isEqualTo(Verdict.LOCKED);
        assertThat(p.before("fresh-" + email, "2001:db8:5:7::1", null)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void captchaVerifierTroubleNeverPasses() {
        CaptchaVerifier v = captcha();
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=slow"))
                .willReturn(aResponse().withFixedDelay(3000).withBody("{\"success\":true}")));
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=broken"))
                .willReturn(aResponse().withStatus(500).withBody("{\"success\":true}")));
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=garbled"))
                .willReturn(aResponse().withStatus(200).withBody("<html>")));
        captchaServer.stubFor(post(urlEqualTo("/siteverify")).withRequestBody(containing("response=stringy"))
                .willReturn(aResponse().withStatus(200).withBody("{\"success\":\"true\"}")));
        for (String token : new String[] {"slow", "broken", "garbled", "stringy", "forged"}) {
            assertCaptchaFailed(() -> v.verify(token, "198.51.100.8"));
        }
        assertCaptchaFailed(() -> v.verify(null, "198.51.100.8"));
        v.verify("good-token", "198.51.100.8");
        assertThat(v.enabled()).isTrue();
        assertThat(noCaptcha().enabled()).isFalse();
        // A dead verifier fails too.
        CaptchaVerifier dead = new CaptchaVerifier(new CaptchaProperties("http://127.0.0.1:1/siteverify", "s", Duration.ofSeconds(1)), tools.jackson.databind.json.JsonMapper.builder().build());
        assertCaptchaFailed(() -> dead.verify("good-token", null));
    }

    @Test
    void captchaSettingsAreChecked() {
        assertThatThrownBy(() -> new CaptchaProperties("http://127.0.0.1/siteverify", "", Duration.ofSeconds(1)))
                .hasMessageContaining("CAPTCHA_SECRET");
        assertThat(new CaptchaProperties("http://127.0.0.1/x", "top-secret", Duration.ofSeconds(1)).toString())
                .doesNotContain("top-secret");
        assertThatThrownBy(() -> new BruteForceProperties(Duration.ofMinutes(15), 3, 10, Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofHours(24), 30, Duration.ofMinutes(15))).hasMessageContaining("lock-cap");
    }

    @Test
    void sameBehaviourOnRedisWithExpiringKeys() throws Exception {
        String prefix = RedisSupport.uniquePrefix("bf");
        RedisClient client = RedisClient.create(RedisSupport.URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            BruteForceProperties fast = new BruteForceProperties(Duration.ofMinutes(15), 3, 10,
                    Duration.ofMillis(700), Duration.ofMillis(1000), Duration.ofHours(1), 30, Duration.ofMinutes(15));
            BruteForceProtection p = new BruteForceProtection(fast, captcha(), new RedisCounterStore(() -> c, prefix),
                    (e, d) -> audited.add(new Lock(e, d)), new SimpleMeterRegistry());
            // A second instance sharing the Redis sees the same counts.
            BruteForceProtection other = new BruteForceProtection(fast, captcha(), new RedisCounterStore(() -> c, prefix),
                    (e, d) -> { }, new SimpleMeterRegistry());
            fail(p, email, "198.51.100.9", 3);
            assertCaptchaFailed(() -> other.before(email, "198.51.100.9", null));
            fail(other, email, "198.51.100.9", 7);
            assertThat(p.before(email, "198.51.100.9", "good-token")).isEqualTo(Verdict.LOCKED);
            assertThat(p.lockedFor(email)).isPositive().isLessThanOrEqualTo(Duration.ofMillis(700));

            List<String> keys = RedisSupport.keys(prefix);
            assertThat(keys).isNotEmpty().noneMatch(k -> k.contains("victim") || k.contains("@"));
            assertThat(keys).allSatisfy(k -> assertThat(RedisSupport.pttl(k)).isPositive());

            // the lock key expires in Redis itself (lock-start 700 ms)
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> p.before(email, "198.51.100.9", "good-token") == Verdict.ALLOW);
            p.failed(email, "198.51.100.9");
            assertThat(p.lockedFor(email)).isGreaterThan(Duration.ofMillis(700)); // second lockout: doubled, capped at 1s
            p.clear(email);
            assertThat(other.before(email, "198.51.100.9", null)).isEqualTo(Verdict.ALLOW);
        } finally {
            RedisSupport.deleteAll(prefix);
            client.shutdown();
        }
    }
}
