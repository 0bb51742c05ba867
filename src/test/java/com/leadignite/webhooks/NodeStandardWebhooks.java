package com.leadignite.webhooks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official {@code standardwebhooks} npm package (pinned in {@code src/test/js-webhooks}), driven
 * through node. Installs it with {@code npm ci} the first time; fails, never skips, without node.
 */
final class NodeStandardWebhooks {

    record Result(int exitCode, String output) {
    }

    private static final Path DIR = Path.of("src/test/js-webhooks").toAbsolutePath();

    private NodeStandardWebhooks() {
    }

    static synchronized void install() {
        if (Files.isDirectory(DIR.resolve("node_modules/standardwebhooks"))) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + DIR + ": " + r.output());
        }
    }

    /** The {@code webhook-signature} value the npm library produces. */
    static String sign(String secret, String msgId, long timestamp, byte[] body) {
        install();
        Result r = run(List.of("node", "sign.mjs", secret, msgId, Long.toString(timestamp), bodyFile(body)), 60);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("node sign.mjs failed: " + r.output());
        }
        return r.output().trim();
    }

    /** Runs the npm library's {@code Webhook.verify}: exit 0 and "verified", or exit 1 and its error. */
    static Result verify(String secret, String msgId, long timestamp, String signature, byte[] body) {
        install();
        return run(List.of("node", "verify.mjs", secret, msgId, Long.toString(timestamp), signature, bodyFile(body)), 60);
    }

    private static String bodyFile(byte[] body) {
        try {
            Path f = Files.createTempFile("webhook-body", ".json");
            f.toFile().deleteOnExit();
            Files.write(f, body);
            return f.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>(command);
        try {
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // node or npm missing: a failure, not a skip, so the interoperability check cannot silently vanish
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (node 20 and npm are required for these tests)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
