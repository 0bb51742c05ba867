package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.NodeScript;
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
        NodeScript.install(PROJECT, "openapi-typescript");
        NodeScript.Result r = NodeScript.run(PROJECT, 180, line -> null, "node", "generated-client.mjs", "http://127.0.0.1:" + port);
        JsonNode summary = r.summary();
        if (summary != null && summary.hasNonNull("org_id")) {
            orgs.add(UUID.fromString(summary.get("org_id").asString()));
        }
        assertThat(summary).as("no summary from the generated client:%n%s", r.output()).isNotNull();
        assertThat(summary.get("failed").size()).as("generated-client steps failed:%n%s", r.output()).isZero();
        // generate, typecheck, signUp, createLead, getLead, listLeads, problem
        assertThat(summary.get("passed").asInt()).as(r.output()).isEqualTo(7);
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
