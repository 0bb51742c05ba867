package com.leadignite.auth.signin;

import com.leadignite.security.clientip.ClientIpResolver;
import com.leadignite.security.ratelimit.CounterStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts password failures per account and per client address (Redis when configured, else in
 * process) and decides what the next attempt needs:
 * <ul>
 *   <li>from {@code captcha-after} failures of an account within the window, a captcha (when one is
 *       configured), checked before anything else so a locked account answers like an unlocked one;</li>
 *   <li>the failure that reaches {@code lock-after} locks the account for {@code lock-start}, doubling
 *       with each further lockout up to {@code lock-cap}; while locked, every attempt (even with the
 *       right password) is refused with the same error as a wrong password, and failures are not counted;</li>
 *   <li>{@code ip-max-failures} failures from one address, across any accounts, refuse that address's
 *       attempts until its window ends.</li>
 * </ul>
 * Accounts are keyed by a hash of the normalized email, existing or not, so the counters answer the
 * same for unknown emails and reveal nothing. A lockout ends no session (that would let anyone sign a
 * victim out); an admin's unlock calls {@link #clear}.
 */
@Component
public class BruteForceProtection implements SignInAttempts {

    private final BruteForceProperties props;
    private final CaptchaVerifier captcha;
    private final CounterStore counters;
    private final LockoutAudit audit;
    private final Counter lockouts;
    private final Counter ipBlocks;

    public BruteForceProtection(BruteForceProperties props, CaptchaVerifier captcha, CounterStore counters,
                                LockoutAudit audit, MeterRegistry meters) {
        this.props = props;
        this.captcha = captcha;
        this.counters = counters;
        this.audit = audit;
        this.lockouts = Counter.builder("leadignite.bruteforce.lockouts").description("Accounts locked after repeated sign-in failures").register(meters);
        this.ipBlocks = Counter.builder("leadignite.bruteforce.ip_blocks").description("Client addresses blocked after repeated sign-in failures").register(meters);
    }

    @Override
    public Verdict before(String normalizedEmail, String clientIp, String captchaToken) {
        String account = account(normalizedEmail);
        if (captcha.enabled() && counters.get(failuresKey(account)) >= props.captchaAfter()) {
            captcha.verify(captchaToken, clientIp);
        }
        if (counters.ttl(lockKey(account)).compareTo(Duration.ZERO) > 0) {
            return Verdict.LOCKED;
        }
        if (clientIp != null && counters.get(ipKey(clientIp)) >= props.ipMaxFailures()) {
            return Verdict.LOCKED;
        }
        return Verdict.ALLOW;
    }

    @Override
    public void failed(String normalizedEmail, String clientIp) {
        String account = account(normalizedEmail);
        if (clientIp != null) {
            long fromIp = counters.increment(ipKey(clientIp), props.ipWindow());
            if (fromIp == props.ipMaxFailures()) {
                ipBlocks.increment();
                audit.locked(null, Map.of("scope", "client_ip", "failures", fromIp));
            }
        }
        if (counters.ttl(lockKey(account)).compareTo(Duration.ZERO) > 0) {
            return; // attempts during a lockout neither count nor extend it
        }
        long failures = counters.increment(failuresKey(account), props.window());
        if (failures >= props.lockAfter()) {
            long level = counters.increment(levelKey(account), props.lockMemory());
            Duration lock = lockDuration(level);
            counters.set(lockKey(account), lock);
            lockouts.increment();
            audit.locked(normalizedEmail, Map.of("scope", "account", "failures", failures, "lock_seconds", lock.toSeconds()));
        }
    }

    @Override
    public void succeeded(String normalizedEmail, String clientIp) {
        String account = account(normalizedEmail);
        counters.delete(failuresKey(account), levelKey(account));
    }

    /** Ends a brute-force lockout and forgets the account's failures (admin unlock). */
    public void clear(String normalizedEmail) {
        String account = account(normalizedEmail);
        counters.delete(failuresKey(account), levelKey(account), lockKey(account));
    }

    /** {@code lock-start * 2^(level-1)}, at most {@code lock-cap}. */
    Duration lockDuration(long level) {
        Duration d = props.lockStart();
        for (long i = 1; i < level && d.compareTo(props.lockCap()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(props.lockCap()) > 0 ? props.lockCap() : d;
    }

    /** How long the account stays locked, zero when it is not (for tests and admin views). */
    public Duration lockedFor(String normalizedEmail) {
        return counters.ttl(lockKey(account(normalizedEmail)));
    }

    /** Hash of the normalized email: the same work for any input, and no address in Redis. */
    static String account(String normalizedEmail) {
        String e = normalizedEmail == null ? "" : normalizedEmail.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String failuresKey(String account) {
        return "bf:fail:" + account;
    }

    private static String lockKey(String account) {
        return "bf:lock:" + account;
    }

    private static String levelKey(String account) {
        return "bf:level:" + account;
    }

    private static String ipKey(String ip) {
        return "bf:ip:" + ClientIpResolver.limitKey(ip);
    }
}
