package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.AuthorizationServerStandIn;
import com.leadignite.support.NodeScript;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code @supabase/auth-js} client's social login (src/test/js/auth-js-social.mjs) with
 * {@code flowType: 'pkce'}: {@code signInWithOAuth} with {@code skipBrowserRedirect}, the browser's legs
 * through the service and Spring Authorization Server's login form, {@code exchangeCodeForSession}, then
 * getUser, refreshSession and signOut.
 */
class SocialLoginAuthJsTest extends SocialLoginTestBase {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void signInWithOAuthAndExchangeCodeForSessionWorkUnchanged() throws Exception {
        NodeScript.install(NodeScript.AUTH_JS, "@supabase/auth-js");
        String email = email("authjs");
        String username = AuthorizationServerStandIn.addUser(email, true);
        NodeScript.Result r = NodeScript.run(NodeScript.AUTH_JS, 180, line -> null, "node", "auth-js-social.mjs",
                "http://127.0.0.1:" + port, AuthorizationServerStandIn.PUBLIC_BASE_URL, "sas", username,
                AuthorizationServerStandIn.PASSWORD, APP + "/done", email);
        JsonNode summary = r.summary();
        if (summary != null && summary.hasNonNull("org_id")) {
            orgs.add(UUID.fromString(summary.get("org_id").asString()));
        }
        assertThat(summary).as("no summary from the auth-js run:%n%s", r.output()).isNotNull();
        assertThat(summary.get("failed").size()).as("auth-js steps failed:%n%s", r.output()).isZero();
        assertThat(summary.get("passed").asInt()).isEqualTo(8);
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
