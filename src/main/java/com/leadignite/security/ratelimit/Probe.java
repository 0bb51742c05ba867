package com.leadignite.security.ratelimit;

/**
 * Outcome of taking one token.
 *
 * @param allowed      the request may go on
 * @param remaining    tokens left afterwards
 * @param resetSeconds seconds until the bucket is full again (RateLimit {@code t} while allowed)
 * @param retryAfter   seconds until one token is back (RateLimit {@code t} and Retry-After when refused)
 */
public record Probe(boolean allowed, long remaining, long resetSeconds, long retryAfter) {

    static Probe of(io.github.bucket4j.ConsumptionProbe p) {
        return new Probe(p.isConsumed(), p.getRemainingTokens(), ceilSeconds(p.getNanosToWaitForReset()),
                Math.max(1, ceilSeconds(p.getNanosToWaitForRefill())));
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Seconds for the RateLimit {@code t} parameter. */
    public long t() {
        return allowed ? resetSeconds : retryAfter;
    }
}
