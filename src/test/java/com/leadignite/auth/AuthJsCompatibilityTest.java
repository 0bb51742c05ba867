package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.leadignite.support.CapturedReauthenticationNonces;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real {@code @supabase/auth-js} client (src/test/js) against the running service: sign-up,
 * password sign-in, getUser, refreshSession, updateUser (metadata and password), getClaims, signOut.
 * Needs node and npm on the PATH; fails (never skips) without them.
 */
@IntegrationTest
class AuthJsCompatibilityTest {

    private static final Path PROJECT = Path.of("src", "test", "js").toAbsolutePath();

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    CapturedReauthenticationNonces mailbox;
    private final List<UUID> orgs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        orgs.forEach(fixtures::deleteOrg);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theSupabaseAuthClientWorksUnchanged() throws Exception {
        assertThat(PROJECT.resolve("package-lock.json")).exists();
        if (!Files.isDirectory(PROJECT.resolve("node_modules").resolve("@supabase").resolve("auth-js"))) {
            Result install = run(240, line -> null, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit).as("npm ci failed:%n%s", install.output).isZero();
        }
        // The flow asks for the code of reauthenticate() by a {"need_nonce": email} line; the captured
        // "mail" answers on its stdin.
        Result r = run(180, line -> {
            if (!line.startsWith("{\"need_nonce\"")) {
                return null;
            }
            String email = Http.JSON.readTree(line).get("need_nonce").asString();
            return mailbox.last(email).orElse("none");
        }, "node", "auth-js-flow.mjs", "http://127.0.0.1:" + port);

        JsonNode summary = null;
        for (String line : r.output.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = Http.JSON.readTree(line);
                if (n.has("summary")) {
                    summary = n.get("summary");
                }
            }
        }
        if (summary != null && summary.hasNonNull("org_id")) {
            orgs.add(UUID.fromString(summary.get("org_id").asString()));
        }
        assertThat(summary).as("no summary from the auth-js run:%n%s", r.output).isNotNull();
        assertThat(summary.get("failed").size()).as("auth-js steps failed:%n%s", r.output).isZero();
        assertThat(summary.get("passed").asInt()).isEqualTo(16);
        assertThat(r.exit).as(r.output).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(int timeoutSeconds, java.util.function.Function<String, String> answer, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
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
                    out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
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
            fail(String.join(" ", command) + " timed out after " + timeoutSeconds + " s:\n" + out.toString(StandardCharsets.UTF_8));
        }
        pump.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
