package com.leadignite.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests wait for something asynchronous with Awaitility (a condition, polled up to a limit), never with a
 * fixed {@code Thread.sleep}: a guess that is too short makes a test flaky and one too long makes it slow.
 * A pause that is the behaviour under test, not a wait for it, is listed here with its reason.
 */
class TestWaitsTest {

    private static final Map<String, String> DELIBERATE_PAUSES = Map.of(
            "com/leadignite/webhooks/ProbeEventHandler.java", "simulated slow handler work for the fairness test",
            "com/leadignite/security/ratelimit/RateLimitBench.java", "benchmark warm-up before the measured window (not a test)");

    @Test
    void noTestWaitsWithThreadSleep() {
        Path root = Path.of("src/test/java");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> sleeping = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> sleeps(read(f)))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !DELIBERATE_PAUSES.containsKey(f))
                    .sorted().toList();
            assertThat(sleeping).as("use Awaitility").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSleepIsFound() {
        assertThat(sleeps("while (!done()) {\n    Thread." + "sleep(50);\n}")).isTrue();
        assertThat(sleeps("TimeUnit.MILLISECONDS." + "sleep(50);")).isTrue();
        assertThat(sleeps("await().atMost(Duration.ofSeconds(5)).until(this::done);")).isFalse();
    }

    static boolean sleeps(String source) {
        return source.contains("Thread." + "sleep(") || source.matches("(?s).*\\bTimeUnit\\.\\w+\\.sl" + "eep\\(.*");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
