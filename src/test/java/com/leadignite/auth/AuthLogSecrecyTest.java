package com.leadignite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.leadignite.auth.token.SigningKeys;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.leadignite.support.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Captures every log line written while the auth flows run (Logback events of the root logger and the
 * console itself), with the framework's web, security and JDBC loggers and our own turned up to DEBUG,
 * and fails if any issued token, any password or the private signing key shows up.
 */
@IntegrationTest
class AuthLogSecrecyTest {

    private static final String[] VERBOSE = {"com.leadignite", "org.springframework.web", "org.springframework.security",
            "org.springframework.jdbc", "org.springframework.transaction", "org.apache.catalina", "org.apache.coyote"};

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SigningKeys keys;
    AuthTestClient auth;

    @AfterEach
    void cleanUp() {
        if (auth != null) {
            auth.cleanUp(fixtures);
        }
    }

    @Test
    void noTokenPasswordOrPrivateKeyIsEverLogged() {
        auth = new AuthTestClient(port);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // Scheduled jobs and request threads keep logging while the test reads: a thread-safe capture.
        LogCapture appender = LogCapture.attachTo(root);
        Map<String, Level> levels = new HashMap<>();
        for (String name : VERBOSE) {
            levels.put(name, ctx.getLogger(name).getLevel());
            ctx.getLogger(name).setLevel(Level.DEBUG);
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));

        List<String> secrets = new ArrayList<>();
        try {
            String email = AuthTestClient.email("logs");
            String password = "Secret-Orchid-" + System.nanoTime();
            String wrongPassword = "Wrong-Tulip-" + System.nanoTime();
            String newPassword = "Secret-Lotus-" + System.nanoTime();
            secrets.addAll(List.of(password, wrongPassword, newPassword));

            JsonNode up = auth.signUpOrg(email, password);
            collect(secrets, up);
            Http.Response failed = auth.signIn(email, wrongPassword);
            assertThat(failed.status()).isEqualTo(400);
            JsonNode in = auth.signIn(email, password).json();
            collect(secrets, in);
            JsonNode refreshed = auth.refresh(in.get("refresh_token").asString()).json();
            collect(secrets, refreshed);
            assertThat(auth.refresh(in.get("refresh_token").asString()).status()).as("reuse").isEqualTo(400);
            JsonNode again = auth.signIn(email, password).json();
            collect(secrets, again);
            assertThat(auth.putUser(again.get("access_token").asString(), Map.of("password", newPassword)).status()).isEqualTo(200);
            JsonNode re = auth.http.post("/auth/v1/reauthenticate", Map.of("password", newPassword),
                    "Authorization", "Bearer " + again.get("access_token").asString()).json();
            collect(secrets, re);
            assertThat(auth.http.post("/auth/v1/reauthenticate", Map.of("password", wrongPassword),
                    "Authorization", "Bearer " + re.get("access_token").asString()).status()).isEqualTo(400);
            assertThat(auth.logout(re.get("access_token").asString(), "global").status()).isEqualTo(204);
            assertThat(auth.getUser(re.get("access_token").asString()).status()).isEqualTo(403);
            secrets.add(keys.active().getD().toString());

            // Self-check: the capture really sees what loggers write, on both channels.
            String canary = "canary-" + System.nanoTime();
            LoggerFactory.getLogger(AuthLogSecrecyTest.class).warn("log capture self-check {}", canary);
            System.out.flush();
            assertThat(appender.snapshot()).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(canary));
            assertThat(console.toString(StandardCharsets.UTF_8)).contains(canary);
            assertThat(appender.snapshot().size()).as("debug logging was on during the flows").isGreaterThan(50);
        } finally {
            System.setOut(out);
            System.setErr(err);
            appender.detach();
            levels.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
        }

        String consoleText = console.toString(StandardCharsets.UTF_8);
        List<String> eventTexts = appender.snapshot().stream().map(AuthLogSecrecyTest::render).toList();
        for (String secret : secrets) {
            assertThat(consoleText).as("console output leaks a secret").doesNotContain(secret);
            assertThat(eventTexts).as("a log event leaks a secret").noneMatch(t -> t.contains(secret));
        }
    }

    /** Every token, and the signature part of each access token on its own. */
    private static void collect(List<String> secrets, JsonNode session) {
        String access = session.get("access_token").asString();
        secrets.add(access);
        secrets.add(access.substring(access.lastIndexOf('.') + 1));
        secrets.add(session.get("refresh_token").asString());
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getFormattedMessage()));
        b.append(' ').append(e.getMDCPropertyMap());
        if (e.getKeyValuePairs() != null) {
            b.append(' ').append(e.getKeyValuePairs());
        }
        if (e.getArgumentArray() != null) {
            for (Object a : e.getArgumentArray()) {
                b.append(' ').append(a);
            }
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getMessage());
        }
        return b.toString();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
