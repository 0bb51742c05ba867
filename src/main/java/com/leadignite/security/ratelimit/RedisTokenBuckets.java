package com.leadignite.security.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Token buckets in Redis with one round trip per decision: a Lua script refills, takes a token and sets
 * the expiry atomically, so any number of instances sharing the Redis never let more than the quota
 * through. Same rule as the in-process Bucket4j buckets (greedy refill: {@code quota} tokens spread
 * evenly over {@code window}, at most {@code quota} stored). Bucket4j's Redis proxy manager needs a read
 * and a compare-and-swap (two round trips, more when instances race on one key); this needs one.
 *
 * <p>The clock is Redis's {@code TIME}, so instances with skewed clocks still agree; a clock that goes
 * back (a failed-over replica) never refills. The key expires once the bucket would be full again.
 */
final class RedisTokenBuckets {

    /** KEYS[1] bucket; ARGV[1] quota (capacity and tokens per window); ARGV[2] window in microseconds. */
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local quota = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = quota
            elseif now > at then
              tokens = math.min(quota, tokens + (now - at) * quota / window)
            else
              now = at
            end
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            local reset = math.ceil((quota - tokens) * window / quota)
            local retry = 0
            if allowed == 0 then retry = math.ceil((1 - tokens) * window / quota) end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(reset / 1000) + 5000)
            return {allowed, math.floor(tokens), reset, retry}""";

    static final String SHA1 = sha1(SCRIPT);

    private RedisTokenBuckets() {
    }

    /** Takes one token from {@code key}: one EVALSHA (plus one EVAL the first time a Redis sees the script). */
    static Probe tryConsume(RedisCommands<String, String> redis, String key, long quota, long windowMicros) {
        String[] keys = {key};
        String q = Long.toString(quota);
        String w = Long.toString(windowMicros);
        List<Object> r;
        try {
            r = redis.evalsha(SHA1, ScriptOutputType.MULTI, keys, q, w);
        } catch (RedisNoScriptException e) {
            // First call on this Redis (or after SCRIPT FLUSH / a restart): EVAL also caches the script.
            r = redis.eval(SCRIPT, ScriptOutputType.MULTI, keys, q, w);
        }
        if (r == null || r.size() != 4) {
            throw new IllegalStateException("unexpected token bucket reply");
        }
        long remaining = (Long) r.get(1);
        long resetMicros = (Long) r.get(2);
        long retryMicros = (Long) r.get(3);
        return new Probe((Long) r.get(0) == 1, remaining, ceilSeconds(resetMicros), Math.max(1, ceilSeconds(retryMicros)));
    }

    private static long ceilSeconds(long micros) {
        return micros <= 0 ? 0 : (micros + 999_999L) / 1_000_000L;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
