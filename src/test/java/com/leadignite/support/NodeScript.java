package com.leadignite.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Runs a node script of a test project (src/test/js: the real {@code @supabase/auth-js}; src/test/js-openapi:
 * the generated client), answering the lines it asks on stdin, and reads its final {@code {"summary"}}
 * line. Needs node and npm on the PATH; fails (never skips) without them.
 */
public final class NodeScript {

    /** The auth-js project. */
    public static final Path AUTH_JS = Path.of("src", "test", "js").toAbsolutePath();

    private NodeScript() {
    }

    /** What the script printed, its exit code, and its summary (null if it printed none). */
    public record Result(int exit, String output, JsonNode summary) {
    }

    /** {@code npm ci} in {@code project} unless {@code node_modules/<probe>} is installed already. */
    public static void install(Path project, String probe) throws IOException, InterruptedException {
        assertThat(project.resolve("package-lock.json")).exists();
        if (!Files.isDirectory(project.resolve("node_modules").resolve(probe))) {
            Result install = run(project, 240, line -> null, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit()).as("npm ci failed:%n%s", install.output()).isZero();
        }
    }

    /** Runs {@code command} in {@code project}; {@code answer} maps an output line to a stdin reply (or null). */
    public static Result run(Path project, int timeoutSeconds, Function<String, String> answer, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("'" + command[0] + "' is not available on the PATH; node 20+ and npm are required for this test");
            throw e;
        }
        var out = new java.io.ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var stdin = p.getOutputStream()) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (out) {
                        out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    String reply = answer.apply(line);
                    if (reply != null) {
                        stdin.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            pump.join(2000);
            fail(String.join(" ", command) + " timed out after " + timeoutSeconds + " s:\n" + text(out));
        }
        pump.join(5000);
        String output = text(out);
        JsonNode summary = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("{\"summary\"")) {
                summary = Http.JSON.readTree(line).get("summary");
            }
        }
        return new Result(p.exitValue(), output, summary);
    }

    private static String text(java.io.ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
