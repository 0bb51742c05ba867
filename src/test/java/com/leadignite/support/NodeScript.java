package com.leadignite.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a command (node, npm) of a test's JavaScript project to its end, with its output; fails the test without node. */
public final class NodeScript {

    private NodeScript() {
    }

    public record Result(int exit, String output) {
    }

    public static Result run(Path directory, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("'" + command[0] + "' is not available on the PATH; node 20+ and npm are required for this test");
            throw e;
        }
        p.getOutputStream().close();
        var out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            pump.join(2000);
            fail(String.join(" ", command) + " timed out after " + timeoutSeconds + " s:\n" + out.toString(StandardCharsets.UTF_8));
        }
        pump.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
