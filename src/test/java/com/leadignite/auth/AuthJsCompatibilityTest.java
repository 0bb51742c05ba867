package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.NodeScript;
import com.leadignite.support.CapturedReauthenticationNonces;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
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
        NodeScript.install(NodeScript.AUTH_JS, "@supabase/auth-js");
        // The flow asks for the code of reauthenticate() by a {"need_nonce": email} line; the captured
        // "mail" answers on its stdin.
        NodeScript.Result r = NodeScript.run(NodeScript.AUTH_JS, 180, line -> {
            if (!line.startsWith("{\"need_nonce\"")) {
                return null;
            }
            String email = Http.JSON.readTree(line).get("need_nonce").asString();
            return mailbox.last(email).orElse("none");
        }, "node", "auth-js-flow.mjs", "http://127.0.0.1:" + port);

        JsonNode summary = r.summary();
        if (summary != null && summary.hasNonNull("org_id")) {
            orgs.add(UUID.fromString(summary.get("org_id").asString()));
        }
        assertThat(summary).as("no summary from the auth-js run:%n%s", r.output()).isNotNull();
        assertThat(summary.get("failed").size()).as("auth-js steps failed:%n%s", r.output()).isZero();
        assertThat(summary.get("passed").asInt()).isEqualTo(16);
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
