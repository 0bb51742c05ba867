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
 * Runs the Node scripts of the test projects (src/test/js drives the real {@code @supabase/auth-js} client,
 * src/test/js-openapi a client generated from the live document), installing their packages first when
 * needed. Needs node and npm on the PATH; fails (never skips) without them.
 */
public final class NodeScripts {

    public static final Path AUTH_JS = Path.of("src", "test", "js").toAbsolutePath();
    public static final Path OPENAPI_CLIENT = Path.of("src", "test", "js-openapi").toAbsolutePath();

    private NodeScripts() {
    }

    /** What a script printed, and its exit code. */
    public record Result(int exit, String output) {

        /** The script's final {@code {"summary": ...}} line. */
        public JsonNode summary() {
            JsonNode summary = null;
            for (String line : output.split("\n")) {
                if (line.startsWith("{\"summary\"")) {
                    summary = Http.JSON.readTree(line).get("summary");
                }
            }
            return summary;
        }
    }

    /** {@code npm ci} in {@code project} unless its package {@code marker} (a path under node_modules) is there. */
    public static void install(Path project, String marker) throws IOException, InterruptedException {
        assertThat(project.resolve("package-lock.json")).exists();
        if (!Files.isDirectory(project.resolve("node_modules").resolve(marker))) {
            Result install = run(project, 240, line -> null, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit()).as("npm ci failed:%n%s", install.output()).isZero();
        }
    }

    /**
     * Runs {@code command} in {@code project}; each line it prints is offered to {@code answer}, whose non-null
     * reply is written to the script's stdin.
     */
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
        return new Result(p.exitValue(), text(out));
    }

    private static String text(java.io.ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
