package com.leadignite.bench;

import com.leadignite.config.logging.LogMasking;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking of one log string and one member name: {@code current} is {@code LogMasking}, {@code regexOnly}
 * the previous regex-only implementation (kept in the tests as {@code LegacyLogMasking}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogMaskingBench {

    @Param({"access", "json", "long"})
    public String text;

    String input;
    Method legacyMask;
    Method legacyName;

    @Setup
    public void setUp() throws Exception {
        input = switch (text) {
            case "access" -> "GET /api/v1/leads/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f 401 3ms";
            case "json" -> "{\"email\":\"a@b.test\",\"password\":\"Hunter2-Very-Secret!\",\"gotrue_meta_security\":{}}";
            default -> "Failed to process request ".repeat(40) + "for lead_identifier_with_a_long_name=value";
        };
        Class<?> legacy = Class.forName("com.leadignite.config.logging.LegacyLogMasking");
        legacyMask = legacy.getDeclaredMethod("mask", String.class);
        legacyMask.setAccessible(true);
        legacyName = legacy.getDeclaredMethod("secretName", String.class);
        legacyName.setAccessible(true);
    }

    @Benchmark
    public String current() {
        return LogMasking.mask(input);
    }

    @Benchmark
    public Object regexOnly() throws Exception {
        return legacyMask.invoke(null, input);
    }

    @Benchmark
    public boolean currentName() {
        return LogMasking.secretName("http.response.status_code");
    }

    @Benchmark
    public Object regexOnlyName() throws Exception {
        return legacyName.invoke(null, "http.response.status_code");
    }
}
