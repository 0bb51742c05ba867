package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
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
 * A client generated from the live {@code /v3/api-docs} (openapi-typescript, type-checked by TypeScript
 * in strict mode, run with openapi-fetch; src/test/js-openapi) signs up, creates a lead and reads it
 * back. A wrong name, type, status or parameter in the document breaks the compile or the flow. Needs
 * node and npm on the PATH; fails (never skips) without them.
 */
@IntegrationTest
class GeneratedClientTest {

    private static final Path PROJECT = Path.of("src", "test", "js-openapi").toAbsolutePath();

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    private final List<UUID> orgs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        orgs.forEach(fixtures::deleteOrg);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aClientGeneratedFromTheLiveDocumentCreatesALead() throws Exception {
        assertThat(PROJECT.resolve("package-lock.json")).exists();
        if (!Files.isDirectory(PROJECT.resolve("node_modules").resolve("openapi-typescript"))) {
            Result install = run(240, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit).as("npm ci failed:%n%s", install.output).isZero();
        }
        Result r = run(180, "node", "generated-client.mjs", "http://127.0.0.1:" + port);
        JsonNode summary = null;
        for (String line : r.output.split("\n")) {
            if (line.startsWith("{\"summary\"")) {
                summary = Http.JSON.readTree(line).get("summary");
            }
        }
        if (summary != null && summary.hasNonNull("org_id")) {
            orgs.add(UUID.fromString(summary.get("org_id").asString()));
        }
        assertThat(summary).as("no summary from the generated client:%n%s", r.output).isNotNull();
        assertThat(summary.get("failed").size()).as("generated-client steps failed:%n%s", r.output).isZero();
        // generate, typecheck, signUp, createLead, getLead, listLeads, problem
        assertThat(summary.get("passed").asInt()).as(r.output).isEqualTo(7);
        assertThat(r.exit).as(r.output).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("'" + command[0] + "' is not available on the PATH; node 20+ and npm are required for this test");
            throw e;
        }
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
