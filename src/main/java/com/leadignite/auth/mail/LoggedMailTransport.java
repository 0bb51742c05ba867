package com.leadignite.auth.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No SMTP outside {@code prod}: each mail is written to the log, links included, so a developer can follow
 * them. {@code prod} refuses to start without SMTP (config.ProductionSettingsCheck), so this never runs there.
 */
final class LoggedMailTransport implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(LoggedMailTransport.class);

    @Override
    public void send(Mail mail) {
        log.info("mail not sent (no SMTP configured) to {}: {}\n{}", mail.to(), mail.subject(), mail.text());
    }
}
