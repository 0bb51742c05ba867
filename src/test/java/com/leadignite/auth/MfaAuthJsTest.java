package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real {@code @supabase/auth-js} MFA API (src/test/js/auth-js-mfa.mjs) against the running
 * service: enroll, challenge, verify with a code the script computes, assurance level, listFactors, a
 * replayed code, unenroll. Needs node and npm on the PATH; fails (never skips) without them.
 */
@IntegrationTest
class MfaAuthJsTest {

    private static final Path PROJECT = Path.of("src", "test", "js").toAbsolutePath();

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    private UUID org;

    @AfterEach
    void cleanUp() {
        if (org != null) {
            fixtures.deleteOrg(org);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theAuthJsMfaApiWorksUnchanged() throws Exception {
        NodeScript.install(PROJECT, "@supabase/auth-js");
        NodeScript.Result r = NodeScript.run(PROJECT, 180, line -> null, "node", "auth-js-mfa.mjs", "http://127.0.0.1:" + port);
        String output = r.output();
        JsonNode summary = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("{\"summary\"")) {
                summary = Http.JSON.readTree(line).get("summary");
            }
        }
        assertThat(summary).as("no summary from the auth-js run:%n%s", output).isNotNull();
        if (summary.hasNonNull("org_id")) {
            org = UUID.fromString(summary.get("org_id").asString());
        }
        assertThat(summary.get("failed").size()).as("auth-js MFA steps failed:%n%s", output).isZero();
        assertThat(summary.get("passed").asInt()).isEqualTo(10);
        assertThat(r.exit()).as(output).isZero();
    }
}
