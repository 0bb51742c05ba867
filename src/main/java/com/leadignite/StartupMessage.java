package com.leadignite;

import com.leadignite.config.AppProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the service where it listens and how to create the first org and admin. */
@Component
class StartupMessage {

    private static final Logger log = LoggerFactory.getLogger(StartupMessage.class);

    private final AppProperties app;
    private final org.springframework.core.env.Environment env;

    StartupMessage(AppProperties app, org.springframework.core.env.Environment env) {
        this.app = app;
        this.env = env;
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // the management server, if separate
        }
        int port = event.getWebServer().getPort();
        log.info("Lead Ignite API listening on port {} (public base URL {}). Create the first organization and its "
                        + "admin with: curl -X POST {}/auth/v1/signup -H 'Content-Type: application/json' "
                        + "-d '{\"email\":\"admin@example.com\",\"password\":\"<at least 10 characters>\","
                        + "\"data\":{\"org_name\":\"Acme\"}}'",
                port, app.publicBaseUrl(), app.publicBaseUrl());
        // The default issuer follows PORT: two instances on one database with different ports would
        // reject each other's tokens, so say so when several instances are possible (an external database).
        if (app.publicBaseUrl().equals("http://localhost:" + env.getProperty("server.port")) && !env.getProperty("leadignite.database.url", "").isBlank()) {
            log.warn("PUBLIC_BASE_URL is not set: tokens are issued as {}, which follows PORT. Every instance on this "
                    + "database must use the same PUBLIC_BASE_URL, or they reject each other's tokens (README, Scaling).",
                    app.issuer());
        }
    }
}
