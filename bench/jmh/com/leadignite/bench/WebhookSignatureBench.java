package com.leadignite.bench;

import com.leadignite.webhooks.receive.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Standard Webhooks signature check of a 1 KB body (HMAC-SHA256, constant-time comparison). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebhookSignatureBench {

    List<String> secrets;
    byte[] body;
    String timestamp;
    String signature;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        secrets = List.of("whsec_" + Base64.getEncoder().encodeToString(key));
        body = ("{\"type\":\"call.ended\",\"data\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis() / 1000;
        timestamp = Long.toString(ts);
        signature = SignatureVerifier.signStandard(secrets.get(0), "msg_1", ts, body);
    }

    @Benchmark
    public Optional<SignatureVerifier.Verified> verify() {
        return SignatureVerifier.standard(secrets, "msg_1", timestamp, signature, body);
    }
}
