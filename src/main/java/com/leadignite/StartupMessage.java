package com.leadignite;

import com.leadignite.config.AppProperties;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Tells whoever started the service where it listens and, under the dev profile, how to create the first
 * org and admin: a {@code curl} printed as plain text on the console, outside the log, so that neither
 * JSON escaping nor credential masking (which rightly rewrites anything shaped like
 * {@code "password":"..."}) changes it and it works when pasted. It holds nothing secret: the password
 * is a placeholder to replace.
 */
@Component
class StartupMessage {

    private static final Logger log = LoggerFactory.getLogger(StartupMessage.class);

    static final String SIGN_UP_BODY =
            "{\"email\":\"admin@example.com\",\"password\":\"change-this-password\",\"data\":{\"org_name\":\"Acme\"}}";

    private final AppProperties app;
    private final Environment env;

    StartupMessage(AppProperties app, Environment env) {
        this.app = app;
        this.env = env;
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // the management server, if separate
        }
        int port = event.getWebServer().getPort();
        log.info("Lead Ignite API listening on port {} (public base URL {})", port, app.publicBaseUrl());
        // The default issuer follows PORT: two instances on one database with different ports would
        // reject each other's tokens, so say so when several instances are possible (an external database).
        if (app.publicBaseUrl().equals("http://localhost:" + env.getProperty("server.port"))
                && !env.getProperty("leadignite.database.url", "").isBlank()) {
            log.warn("PUBLIC_BASE_URL is not set: tokens are issued as {}, which follows PORT. Every instance on this "
                    + "database must use the same PUBLIC_BASE_URL, or they reject each other's tokens (README, Scaling).",
                    app.issuer());
        }
        if (env.acceptsProfiles(Profiles.of("dev"))) {
            printSignUpHint(System.out, port);
        }
    }

    /** The console is the developer's terminal here: the hint is not a log event (see the class comment). */
    static void printSignUpHint(PrintStream console, int port) {
        console.println();
        console.println("Create the first organization and its admin (put in your own email and a password of "
                + "at least 10 characters):");
        console.println();
        console.println("curl -sS -X POST http://localhost:" + port + "/auth/v1/signup "
                + "-H 'Content-Type: application/json' -d '" + SIGN_UP_BODY + "'");
        console.println();
        console.flush();
    }
}
