package com.leadignite.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.NodeScript;
import com.leadignite.support.Http;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code @supabase/auth-js} client through the mailed flows (src/test/js/auth-js-lifecycle.mjs):
 * {@code signUp} with confirmation on → mail → {@code verifyOtp({type:'signup'})}, then
 * {@code resetPasswordForEmail} → mail → {@code verifyOtp({type:'recovery'})} → {@code updateUser({password})}
 * → sign-in with the new password. The codes are read from the SMTP server the service mails to.
 */
class AuthJsLifecycleTest extends LoopbackMail {

    @LocalServerPort
    int port;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void recoveryAndConfirmationWorkFromTheSupabaseClient() throws Exception {
        NodeScript.install(NodeScript.AUTH_JS, "@supabase/auth-js");
        NodeScript.Result r = NodeScript.run(NodeScript.AUTH_JS, 180, line -> {
            if (!line.startsWith("{\"need_code\"")) {
                return null;
            }
            JsonNode ask = Http.JSON.readTree(line);
            String address = ask.get("need_code").asString();
            List<MimeMessage> mails = mailsTo(address, ask.get("count").asInt());
            MimeMessage latest = mails.get(mails.size() - 1);
            assertThat(text(latest)).contains("type=" + ask.get("type").asString());
            return code(latest);
        }, "node", "auth-js-lifecycle.mjs", "http://127.0.0.1:" + port);

        JsonNode summary = r.summary();
        assertThat(summary).as("no summary from the auth-js run:%n%s", r.output()).isNotNull();
        assertThat(summary.get("failed").size()).as("auth-js steps failed:%n%s", r.output()).isZero();
        assertThat(summary.get("passed").asInt()).isEqualTo(12);
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
